# Runs a Pulumi Python program for the language host double (main.go beside it), as
# pulumi-language-python-exec does at pulumi/pulumi v3.248.0: the runtime configured from the host's
# arguments and PULUMI_CONFIG, the program run in the stack, exit 32 after an unhandled exception it showed.
import argparse
import asyncio
import os
import runpy
import sys
import traceback

import pulumi
import pulumi.runtime

ap = argparse.ArgumentParser()
for name in ("project", "root_directory", "stack", "parallel", "dry_run", "pwd", "monitor", "engine", "tracing", "organization"):
    ap.add_argument("--" + name)
ap.add_argument("PROGRAM")
ap.add_argument("ARGS", nargs="*")
args = ap.parse_args()

pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
pulumi.runtime.configure(
    pulumi.runtime.Settings(
        monitor=args.monitor,
        engine=args.engine,
        project=args.project,
        stack=args.stack,
        parallel=int(args.parallel),
        dry_run=args.dry_run == "true",
        organization=args.organization,
        root_directory=args.root_directory,
    )
)
sys.argv = [args.PROGRAM] + args.ARGS
if args.pwd:
    os.chdir(args.pwd)

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
exit_code = 1
try:
    loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path(args.PROGRAM, run_name="__main__")))
    exit_code = 0
except pulumi.RunError as e:
    pulumi.log.error(str(e))
except Exception:
    pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
    exit_code = 32
finally:
    loop.close()
    sys.stdout.flush()
    sys.stderr.flush()
sys.exit(exit_code)
