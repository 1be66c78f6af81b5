import io.lossforge.loss.*;
import io.lossforge.loss.print.InfixPrinter;
import io.lossforge.loss.reject.*;
import io.lossforge.loss.screen.Screening;
import io.lossforge.search.*;
import java.util.*;
/** Random generation-0 trees (search seeds 1, 2, ...) that screening accepts and the rejection protocol rejects. */
public class FindRejected {
    public static void main(String[] a) {
        int want = Integer.parseInt(a[0]);
        Set<String> seen = new HashSet<>();
        List<String> found = new ArrayList<>();
        int trees = 0, accepted = 0;
        for (long seed = 1; found.size() < want && seed <= 40; seed++) {
            SearchSpec spec = new SearchSpec(1000, null, null, null, null, null, null, null, null, null, seed);
            for (Candidate c : new Breeder(spec).initialPopulation()) {
                Loss loss = new Loss(c.expression(), Reduction.MEAN);
                String text = InfixPrinter.print(c.expression());
                if (!seen.add(text)) continue;
                trees++;
                if (!Screening.screen(loss).isAccepted()) continue;
                accepted++;
                RejectionVerdict v = RejectionProtocol.STANDARD.test(loss);
                if (v.rejected()) {
                    found.add(text);
                    System.err.println(found.size() + ": " + text + "  (" + v.detail() + ")");
                    if (found.size() >= want) break;
                }
            }
        }
        System.err.println(trees + " distinct trees, " + accepted + " accepted by screening, " + found.size() + " rejected by the protocol");
        for (String f : found) System.out.println(f);
    }
}
