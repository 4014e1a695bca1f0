package io.cpesentinel.sim.fleet;

import java.util.function.Function;

/**
 * One parameter a product line reports in every Inform (its Forced Inform parameters plus the ones
 * the ISP's ACS added through {@code ManagementServer.InformParameter}), with the value a device
 * has until something changes it.
 *
 * @param name the full path, from the TR-098 or TR-181 data model
 * @param type the {@code xsi:type} of the value
 * @param initial the value a freshly provisioned device of the line reports
 */
public record ParameterTemplate(String name, String type, Function<SimDevice, String> initial) {
  static ParameterTemplate string(String name, Function<SimDevice, String> initial) {
    return new ParameterTemplate(name, "xsd:string", initial);
  }

  static ParameterTemplate string(String name, String value) {
    return new ParameterTemplate(name, "xsd:string", d -> value);
  }

  static ParameterTemplate bool(String name, boolean value) {
    String text = Boolean.toString(value);
    return new ParameterTemplate(name, "xsd:boolean", d -> text);
  }

  static ParameterTemplate unsigned(String name, Function<SimDevice, String> initial) {
    return new ParameterTemplate(name, "xsd:unsignedInt", initial);
  }
}
