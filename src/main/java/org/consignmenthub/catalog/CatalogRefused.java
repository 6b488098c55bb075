package org.consignmenthub.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A catalog document the hub will not load, with every problem found in it. Nothing of the
 * document is loaded: a half-loaded catalog would price some SKUs and not others.
 */
public class CatalogRefused extends IllegalArgumentException {

    /** One problem: where in the document ({@code field}, a path) and why. */
    public record Problem(String field, String reason) {

        @Override
        public String toString() {
            return field.isEmpty() ? reason : field + ": " + reason;
        }
    }

    private final transient List<Problem> problems;

    public CatalogRefused(List<Problem> problems) {
        super("catalog not loaded, " + problems.size() + " problem(s): " + problems.stream()
                .map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
