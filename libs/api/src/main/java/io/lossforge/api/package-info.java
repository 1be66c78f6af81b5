/**
 * The LossForge wire contract: every record and enum that crosses a service boundary, defined once and
 * checked against {@code api-spec/openapi.yaml} in both directions by this module's tests. Features:
 * {@code trial} (the trainer's trial API and its callbacks), {@code trainer} (registration), {@code
 * problem} (problem types and field errors). Plain Java, no Spring: the JSON is the records as they are.
 */
package io.lossforge.api;
