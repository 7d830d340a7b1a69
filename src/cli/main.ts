// Dispatches `hangtime <command>`; each command returns its exit status (2 = usage error). Each
// command's code is loaded only when it is the one asked for.
// The engine's second public entry, containment alone: sweeping what a killed engine left must not
// load the engine (a frozen build never does; src/runner/index.ts re-exports the same function).
import { sweepOnce } from '../runner/contain/index.ts';
// The one list of the files a run takes, alone (no imports): the usage text loads nothing of the engine.
import { EXTENSION_LIST } from '../runner/launch/languages.ts';

const usage = `usage: hangtime <command> …
  run [options] FILE [ARGS…]        run a ${EXTENSION_LIST} file (anywhere) and say if it hangs
  run [options] -- COMMAND [ARGS…]  the same for any executable on PATH (hangtime run -- npm test)
      options: --expect exit|exit=N|hang|stuck|waiting|signal=NAME|timeout  --timeout 60s  --quiet-ms N
               --stuck-after 3s  --wait-bound 10s  --cwd DIR  --env NAME[=VALUE]  --json
  chapter <number|slug>        run one chapter's runs in page order
  verify [chapter…] [--update] [--shard i/n] [--cached]   re-run everything and compare with the frozen results
  lint [DIR] [--root ROOT]     chapter prose (every number from a run or marked as the article's) and the
                               frozen records (current, one run's numbers)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Every command, lint and verify --cached included: what a killed engine left running goes first.
  sweepOnce();
  switch (command) {
    case 'run': {
      // The run's output pipes are made by a process (mkfifo): started first, it works while the
      // engine's modules load. A failure is said by the run that needs them.
      const { warmPipes } = await import('../runner/capture.ts');
      warmPipes().catch(() => {});
      const { runCommand } = await import('./run.ts');
      return runCommand(rest);
    }
    case 'chapter': {
      const { chapterCommand } = await import('./chapter.ts');
      return chapterCommand(rest);
    }
    case 'verify': {
      const { verifyCommand } = await import('../verify/cli.ts');
      return verifyCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    }
    case 'lint': {
      const { lintCommand } = await import('../lint/cli.ts');
      return lintCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`hangtime: unknown command '${command}'\n${usage}`);
      return 2;
  }
}
