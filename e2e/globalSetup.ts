import { announce, toolchain } from "./harness";

/** Before any scenario: what this run's tools are and what in it is not real (toolchain.json). */
export default function setup(): void {
    announce(toolchain());
}
