import { crc32, deflateRawSync } from "node:zlib";

/** One file of a zip archive: a relative path with forward slashes, its bytes and its Unix mode. */
export interface ZipEntry {
  path: string;
  data: Buffer;
  mode: number;
}

// A fixed timestamp (1980-01-01, the format's epoch) so the same files make the same bundle.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A zip archive of `entries` (deflated, or stored when that is not smaller), the format of MCP
 * bundles. Written here rather than taken from a dependency: the writer is this one function, and
 * Node has deflate and CRC-32 built in. Unix modes are kept (made by "Unix"), so a bundled binary
 * stays executable. No zip64: a bundle holds far fewer than 65,535 files and 4 GiB.
 */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, "utf8");
    const deflated = deflateRawSync(entry.data);
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const crc = crc32(entry.data);
    const fields = { method: stored ? 0 : 8, crc, compressed: body.length, size: entry.data.length, name };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeSharedFields(local, 4, fields);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, zip 2.0
    writeSharedFields(central, 6, fields);
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38); // regular file + permissions
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The fields a local header (from byte 4) and a central directory entry (from byte 6) share. */
function writeSharedFields(
  header: Buffer,
  at: number,
  fields: { method: number; crc: number; compressed: number; size: number; name: Buffer },
): void {
  header.writeUInt16LE(20, at); // version needed: 2.0
  header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
  header.writeUInt16LE(fields.method, at + 4);
  header.writeUInt16LE(DOS_TIME, at + 6);
  header.writeUInt16LE(DOS_DATE, at + 8);
  header.writeUInt32LE(fields.crc, at + 10);
  header.writeUInt32LE(fields.compressed, at + 14);
  header.writeUInt32LE(fields.size, at + 18);
  header.writeUInt16LE(fields.name.length, at + 22);
}
