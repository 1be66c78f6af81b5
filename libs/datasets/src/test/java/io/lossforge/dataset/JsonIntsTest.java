package io.lossforge.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonIntsTest {

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<List<Integer>> rows(String text) throws IOException {
        List<List<Integer>> rows = new ArrayList<>();
        JsonInts.readRows(json(text), "t.json", (values, count) -> {
            List<Integer> row = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                row.add(values[i] & 0xFF);
            }
            rows.add(row);
        });
        return rows;
    }

    @Test
    void readsRowsAfterTheWrapperIncludingEmptyOnes() throws IOException {
        assertThat(rows("{\"data\":[[0,12,255],[],[7]]}")).containsExactly(List.of(0, 12, 255), List.of(), List.of(7));
        assertThat(rows("{ \"data\" :\n [ [ 1 , 2 ] ,\r\n\t[3] ] }")).containsExactly(List.of(1, 2), List.of(3));
        assertThat(rows("[]")).isEmpty();
    }

    @Test
    void readsLongFlatArraysAcrossBufferBoundaries() throws IOException {
        byte[] expected = new byte[100_000];
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < expected.length; i++) {
            int value = i * 7 % 256;
            expected[i] = (byte) value;
            text.append(i == 0 ? "" : ", ").append(value);
        }

        assertThat(JsonInts.readValues(json(text.append("]").toString()), "labels.json"))
                .containsExactly(expected);
    }

    @Test
    void rejectsValuesAbove255() {
        assertThatThrownBy(() -> rows("[[1,256]]"))
                .isInstanceOf(DatasetException.class)
                .hasMessage("t.json holds a value above 255 at byte 7");
    }

    @Test
    void rejectsAnythingButUnsignedIntegers() {
        assertThatThrownBy(() -> rows("[[1,-2]]"))
                .hasMessage("t.json is not the expected JSON: expected a number at byte 4 but found '-'");
        assertThatThrownBy(() -> rows("[[1.5]]"))
                .hasMessage("t.json is not the expected JSON: expected ',' or ']' at byte 3 but found '.'");
        assertThatThrownBy(() -> rows("[[1],2]")).hasMessageContaining("expected '[' or ']' at byte 5 but found '2'");
    }

    @Test
    void rejectsTruncatedAndArraylessInput() {
        assertThatThrownBy(() -> rows("{\"data\":[[1,2],[3"))
                .hasMessage("t.json ends in the middle of its JSON array (truncated?)");
        assertThatThrownBy(() -> JsonInts.readValues(json("{\"data\": null}"), "x.json"))
                .hasMessage("x.json holds no JSON array");
    }
}
