import { runCommand } from "../common/command";
import { runVerify } from "./cli";

runCommand((argv, io) => runVerify(argv, { ...io, env: process.env }));
