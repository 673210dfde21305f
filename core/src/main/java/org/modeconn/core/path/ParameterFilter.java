package org.modeconn.core.path;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Which parameters a path interpolates: all of them (full fine-tuning) or a named subset (deltas, heads). */
public record ParameterFilter(String description, Predicate<String> accepts) {

    public static ParameterFilter all() {
        return new ParameterFilter("all", name -> true);
    }

    public static ParameterFilter only(Set<String> names) {
        Set<String> copy = Set.copyOf(names);
        return new ParameterFilter("only " + copy.size() + " names", copy::contains);
    }

    /** Every name that starts with none of the prefixes, e.g. to leave task heads out across tasks. */
    public static ParameterFilter excludingPrefixes(List<String> prefixes) {
        List<String> copy = List.copyOf(prefixes);
        return new ParameterFilter("excluding " + copy, name -> copy.stream().noneMatch(name::startsWith));
    }

    public boolean test(String name) {
        return accepts.test(name);
    }
}
