/**
 * The load generator's command line ({@code scripts/loadgen}): parses and validates the options,
 * builds the target and workload, runs one open-loop run or a rate sweep, and writes
 * {@code summary.json} (format: {@code loadgen/SUMMARY-FORMAT.md}). The engine lives in
 * {@code io.quorumbench.loadgen.engine}, the systems under test in
 * {@code io.quorumbench.loadgen.target}, what is sent in {@code io.quorumbench.loadgen.workload}.
 */
package io.quorumbench.loadgen;
