import { runCommand } from "../common/command";
import { runAdopt } from "./cli";

runCommand((argv, io) => runAdopt(argv, { ...io, env: process.env, projectDir: process.cwd() }));
