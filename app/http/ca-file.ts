import { constants, openSync, closeSync, fstatSync, readSync, promises as fs } from 'node:fs';
import { WalletError } from '../errors';

/** A CA file is small: anything bigger is not one (and must not fill memory). */
export const maxCaFileBytes = 1024 * 1024;

/**
 * Reads a CA file without ever blocking: opened non-blocking (a FIFO does not wait for a writer),
 * then only a regular file of at most 1 MiB is read. Errors name the file and the reason.
 */
export function readCaFileSync(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new WalletError('usage', `cannot read CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      field: 'caFile',
    });
  }
  try {
    const stat = fstatSync(fd);
    checkCaStat(file, stat.isFile(), stat.size);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The same, asynchronously (the agent's event loop must not wait on the disk either). */
export async function readCaFile(file: string): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new WalletError('usage', `cannot read CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      field: 'caFile',
    });
  }
  try {
    const stat = await handle.stat();
    checkCaStat(file, stat.isFile(), stat.size);
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(stat.size), 0, stat.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function checkCaStat(file: string, regular: boolean, size: number): void {
  if (!regular) throw new WalletError('usage', `CA file ${file} is not a regular file`, { field: 'caFile' });
  if (size > maxCaFileBytes)
    throw new WalletError('usage', `CA file ${file} is larger than 1 MiB; not a CA file`, { field: 'caFile' });
}
