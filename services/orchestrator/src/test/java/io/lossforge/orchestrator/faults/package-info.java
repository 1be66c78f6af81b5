/**
 * The real-process fault tests of design §6 (docs/design/orchestrator-core.md): failsafe ITs named
 * {@code *FaultIT} that start PostgreSQL (zonky, inside the test JVM), orchestrators and stub trainers
 * from the jars in {@code target/} via {@link io.lossforge.orchestrator.faults.FaultCluster}, inject a
 * fault (SIGKILL, SIGSTOP/SIGCONT, a database outage, a failing trainer, a second replica) and check
 * what must hold afterwards ({@link io.lossforge.orchestrator.faults.FaultInvariants}).
 *
 * <p>Run: build both jars ({@code ./mvnw -B -q package -DskipTests -pl services/orchestrator,services/trainer
 * -am}), then e.g. {@code ./mvnw -B -q verify -pl services/orchestrator -am -Dit.test='*FaultIT'
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}. Each test prints its measured recovery times as
 * {@code recovery: …} and {@code RECOVERY <name> <ms>} lines; a failing test prints the cluster's state
 * and every service's log tail. {@link io.lossforge.orchestrator.faults.FaultClusterSmokeIT} checks the
 * harness itself without a fault.
 */
package io.lossforge.orchestrator.faults;
