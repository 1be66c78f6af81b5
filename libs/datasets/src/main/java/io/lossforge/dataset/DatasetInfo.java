package io.lossforge.dataset;

/**
 * What {@link DatasetRepository#list()} knows about a dataset without loading its pixels.
 *
 * @param name      the name to pass to {@link DatasetRepository#load}
 * @param source    where it comes from: {@code npm:<package>@<version>} for built-ins, {@code idx} or
 *                  {@code cifar-binary} for user datasets
 * @param available whether it is present locally (a built-in's tarball or cache has been fetched);
 *                  user datasets always are
 * @param shape     the shape of one image
 * @param classes   the number of classes; labels are 0..classes-1
 */
public record DatasetInfo(String name, String source, boolean available, ImageShape shape, int classes) {}
