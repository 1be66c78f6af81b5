/**
 * The LossForge wire contract: every record and enum that crosses a service boundary, defined once and
 * checked against {@code api-spec/openapi.yaml} in both directions by this module's tests. Features:
 * {@code trial} (the trainer's trial API and its callbacks), {@code trainer} (registration and the
 * trainer list), {@code search} (the search, generation and leaderboard views the CLI reads), {@code
 * problem} (problem types and field errors). The task and search specs are libs/task's {@code TaskSpec}
 * and libs/search's {@code SearchSpec} themselves, not copies: each is already one shared definition. Plain Java, no Spring: the JSON is the records as they are.
 */
package io.lossforge.api;
