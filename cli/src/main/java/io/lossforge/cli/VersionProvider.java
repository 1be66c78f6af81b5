package io.lossforge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The {@code --version} text, with the project version filled in by Maven at build time. */
final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        }
        // Running from an IDE without resource filtering leaves the placeholder; say "dev" instead.
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.startsWith("@")) {
            version = "dev";
        }
        return new String[] {"lossforge " + version};
    }
}
