package io.cpesentinel.epl;

import java.util.List;
import java.util.SortedMap;

/**
 * One row a rule's alert statement produced: the rule, the device, the engine time it fired at
 * (event time), the selected columns as evidence details, and the event ids it names (column {@code
 * eventIds}).
 */
public record RuleOutput(
    RuleInfo rule,
    String deviceKey,
    long at,
    SortedMap<String, String> details,
    List<String> eventIds) {}
