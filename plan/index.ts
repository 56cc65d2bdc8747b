import { runCommand } from "../cli/command";
import { runPlan } from "./cli";

runCommand((argv, io) => runPlan(argv, { ...io, projectDir: process.cwd() }));
