import { runCommand } from "../common/command";
import { runPlan } from "./cli";

runCommand((argv, io) => runPlan(argv, { ...io, projectDir: process.cwd() }));
