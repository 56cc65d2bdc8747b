import { runCommand } from "../shared/command";
import { runVerify } from "./cli";

runCommand((argv, io) => runVerify(argv, { ...io, env: process.env }));
