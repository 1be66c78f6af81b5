package io.lossforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void padsColumnsRightAlignsNumbersAndLeavesTheLastColumnUnpadded() {
        Table table = new Table("NAME", "N", "NOTE").alignRight(1);
        table.add("a", "1000", "x");
        table.add("longer", null, "");

        assertThat(table.lines()).containsExactly("NAME       N  NOTE", "a       1000  x", "longer     -  ");
    }
}
