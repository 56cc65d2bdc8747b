import { runCommand } from "../cli/command";
import { runAdopt } from "./cli";

runCommand((argv, io) => runAdopt(argv, { ...io, env: process.env, projectDir: process.cwd() }));
