/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** stdout and stderr. */
export const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
