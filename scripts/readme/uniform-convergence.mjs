// docs/demos/uniform-convergence.md's generated block `uniform-convergence` (see scripts/readme-numbers.mjs).
import { f2, f3, json, table } from "./_format.mjs";

export const blocks = {
  "uniform-convergence"() {
    const log = json("tests/logs/uniform-convergence.json");
    const rows = log.sizes.map((s) => [
      s.m.toLocaleString("en-US"),
      `${s.epochs}`,
      f3(s.train_error),
      f3(s.test_error),
      f3(s.projected_error),
      f2(s.distance_hidden),
      f2(s.distance_output),
    ]);
    const [first, last] = [log.sizes[0], log.sizes.at(-1)];
    const gaps = log.sizes.map((s) => s.projected_error - s.test_error);
    return `From \`tests/logs/uniform-convergence.json\` (\`cargo test --release --test science_uniform_convergence\`, native flex, defaults, ${log.steps.toLocaleString("en-US")} SGD steps in all):\n\n${table(
      ["m", "epochs", "train error", "test error", "error on S′", "‖W₁ − W₁⁰‖", "‖W₂ − W₂⁰‖"],
      rows,
    )}\n\nThe test error falls by ${(100 * (first.test_error - last.test_error)).toFixed(1)} points from m = ${first.m} to m = ${last.m.toLocaleString("en-US")}, while the error on S′ stays between ${f3(Math.min(...log.sizes.map((s) => s.projected_error)))} and ${f3(Math.max(...log.sizes.map((s) => s.projected_error)))}. A two-sided uniform-convergence bound must cover the gap between the error on S′ and the test error, ${f3(Math.min(...gaps))} to ${f3(Math.max(...gaps))} here, while the true generalisation gap (test − train error) is the test error itself; and the distance from initialisation, on which norm-based bounds grow, rises with m.`;
  },
};
