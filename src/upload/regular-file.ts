/**
 * Opening a file of the folder being deployed, when it may have changed since the folder was
 * read. A FIFO put in a file's place would make a plain open wait for a writer for ever, and a
 * synchronous open that waits cannot be interrupted, not even by the runner's SIGTERM: files
 * are opened without blocking, and anything but a regular file is refused.
 */
import { closeSync, constants, fstatSync, openSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

/** `O_RDONLY | O_NONBLOCK` where the platform has it (a regular file's reads are unaffected). */
const READ_NONBLOCKING =
  constants.O_NONBLOCK === undefined
    ? constants.O_RDONLY
    : constants.O_RDONLY | constants.O_NONBLOCK

/** The file is not a regular file any more; the message says what to do. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG'
  constructor(path: string) {
    super(
      `${path} is no longer a regular file (something put a FIFO, socket or device in its place after the folder was read), so it was not read. Make sure nothing writes to the directory during the deploy.`
    )
    this.name = 'NotRegularFileError'
  }
}

/** Opens `path` for reading without blocking; refuses what is not a regular file. */
export function openRegularFileSync(path: string): number {
  const fd = openSync(path, READ_NONBLOCKING)
  if (!fstatSync(fd).isFile()) {
    closeSync(fd)
    throw new NotRegularFileError(path)
  }
  return fd
}

/** As {@link openRegularFileSync}, for the promise API. */
export async function openRegularFile(path: string): Promise<FileHandle> {
  const file = await open(path, READ_NONBLOCKING)
  if (!(await file.stat()).isFile()) {
    await file.close()
    throw new NotRegularFileError(path)
  }
  return file
}

/** The whole content of a regular file. */
export async function readRegularFile(path: string): Promise<Buffer> {
  const file = await openRegularFile(path)
  try {
    return await file.readFile()
  } finally {
    await file.close()
  }
}
