import io.lossforge.search.*;
import io.lossforge.loss.print.InfixPrinter;
import java.util.*;
public class Check {
    public static void main(String[] a) {
        SearchSpec spec = new SearchSpec(24, null, null, null, null, null, 3, 1, List.of("ce", "ngl"), null, 5L);
        Breeder b = new Breeder(spec);
        List<Candidate> g = b.initialPopulation();
        StringBuilder out = new StringBuilder();
        for (int gen = 1; gen <= 4; gen++) {
            List<Evaluated> ev = new ArrayList<>();
            for (Candidate c : g) {
                String t = InfixPrinter.print(c.expression());
                ev.add(new Evaluated(c.expression(), (t.hashCode() & 0xffff) / 65536.0));
            }
            g = b.nextGeneration(gen, ev);
            for (Candidate c : g) out.append(InfixPrinter.print(c.expression())).append(c.source()).append(c.parents()).append('\n');
        }
        System.out.println(Integer.toHexString(out.toString().hashCode()) + " " + out.length());
    }
}
