package io.lossforge.dataset;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary versions of CIFAR-10 and CIFAR-100: fixed-size records of label bytes followed by a
 * 3 × 32 × 32 image in channel planes (1024 red, 1024 green, 1024 blue bytes, each row-major), which is
 * already the cache's order. CIFAR-10 records have one label (0..9); CIFAR-100 records have a coarse
 * (0..19) and a fine label (0..99), of which the fine one is used. Classes = largest label + 1.
 */
enum CifarBinaryFormat implements UserFormat {
    CIFAR_10(
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
            List.of("test_batch.bin"),
            new String[] {"label"},
            new int[] {10}),

    CIFAR_100(List.of("train.bin"), List.of("test.bin"), new String[] {"coarse label", "fine label"}, new int[] {20, 100
    });

    static final ImageShape SHAPE = new ImageShape(3, 32, 32);

    private final List<String> trainFiles;
    private final List<String> testFiles;
    /** The label bytes at the start of each record; the last one is the class. */
    private final String[] labelNames;

    private final int[] labelLimits;

    CifarBinaryFormat(List<String> trainFiles, List<String> testFiles, String[] labelNames, int[] labelLimits) {
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.labelNames = labelNames;
        this.labelLimits = labelLimits;
    }

    @Override
    public String source() {
        return "cifar-binary";
    }

    @Override
    public List<String> requiredFiles() {
        List<String> all = new ArrayList<>(trainFiles);
        all.addAll(testFiles);
        return all;
    }

    private int recordSize() {
        return labelNames.length + SHAPE.size();
    }

    @Override
    public DatasetInfo describe(String name, Path directory) {
        byte[] train = labelsOnly(directory, trainFiles);
        byte[] test = labelsOnly(directory, testFiles);
        return new DatasetInfo(name, source(), true, SHAPE, DatasetContent.classesOf(train, test));
    }

    @Override
    public DatasetContent read(Path directory) {
        ImageSplit train = split(directory, trainFiles);
        ImageSplit test = split(directory, testFiles);
        return new DatasetContent(SHAPE, DatasetContent.classesOf(train.labelBytes(), test.labelBytes()), train, test);
    }

    private ImageSplit split(Path directory, List<String> names) {
        int total = records(directory, names);
        byte[] labels = new byte[total];
        byte[] pixels = new byte[Math.multiplyExact(total, SHAPE.size())];
        byte[] label = new byte[labelNames.length];
        int n = 0;
        for (String name : names) {
            Path file = directory.resolve(name);
            int count = records(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                for (int record = 0; record < count; record++, n++) {
                    // Sizes were checked, so a short read means the file changed under us: report it as truncated.
                    if (in.readNBytes(label, 0, label.length) < label.length
                            || in.readNBytes(pixels, n * SHAPE.size(), SHAPE.size()) < SHAPE.size()) {
                        throw new EOFException();
                    }
                    labels[n] = checkedLabel(file, record, label);
                }
            } catch (IOException e) {
                throw Failures.reading(file, e);
            }
        }
        return new ImageSplit(SHAPE, labels, pixels);
    }

    /** The labels alone, by positional reads of each record's label bytes (a few bytes per 3 KB record). */
    private byte[] labelsOnly(Path directory, List<String> names) {
        byte[] labels = new byte[records(directory, names)];
        ByteBuffer label = ByteBuffer.allocate(labelNames.length);
        int n = 0;
        for (String name : names) {
            Path file = directory.resolve(name);
            int count = records(file);
            try (FileChannel channel = FileChannel.open(file)) {
                for (int record = 0; record < count; record++, n++) {
                    label.clear();
                    while (label.hasRemaining()) {
                        if (channel.read(label, (long) record * recordSize() + label.position()) < 0) {
                            throw new EOFException();
                        }
                    }
                    labels[n] = checkedLabel(file, record, label.array());
                }
            } catch (IOException e) {
                throw Failures.reading(file, e);
            }
        }
        return labels;
    }

    private byte checkedLabel(Path file, int record, byte[] label) {
        for (int i = 0; i < label.length; i++) {
            if ((label[i] & 0xFF) >= labelLimits[i]) {
                throw Failures.corrupt(file + ": record " + record + " has " + labelNames[i] + " " + (label[i] & 0xFF)
                        + ", outside 0.." + (labelLimits[i] - 1) + " (is it a " + name().replace('_', '-')
                        + " binary file?)");
            }
        }
        return label[label.length - 1];
    }

    private int records(Path directory, List<String> names) {
        long total = 0;
        for (String name : names) {
            total += records(directory.resolve(name));
        }
        if (total * SHAPE.size() > Integer.MAX_VALUE - 8) {
            throw Failures.corrupt(directory + " holds " + total + " images, more than one array can hold");
        }
        return (int) total;
    }

    /** The number of records, from the file size, which must be a positive multiple of the record size. */
    private int records(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw Failures.reading(file, e);
        }
        if (size == 0 || size % recordSize() != 0) {
            throw Failures.corrupt(file + " holds " + size + " bytes, which is not a whole number of " + recordSize()
                    + "-byte " + name().replace('_', '-') + " records (truncated?)");
        }
        return Math.toIntExact(size / recordSize());
    }
}
