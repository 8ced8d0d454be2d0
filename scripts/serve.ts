// `npm run serve`: browser mode from source, without going through the CLI's command table.
import { serveCommand } from '../src-main/cli/serve';
import { UsageError } from '../src-main/cli/usage-error';
import { errorMessage } from '../src-main/engine/util/error-message';

serveCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`leenet serve: ${errorMessage(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
