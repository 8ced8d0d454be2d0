import { readFile } from 'node:fs/promises';
import { errorMessage } from '../util/error-message';

/** A file that is not a usable safetensors file: the message names the file and the problem. */
export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

const BYTES: Record<SafetensorsDtype, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

export interface TensorEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte range in the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsFile {
  source: string;
  entries: Map<string, TensorEntry>;
  metadata: Record<string, string>;
  /** The tensor's values as float32 (floating and integer dtypes alike). */
  read(name: string): Float32Array;
}

interface HeaderEntry {
  dtype?: string;
  shape?: unknown;
  data_offsets?: unknown;
}

/**
 * Parses the safetensors layout: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the raw little-endian data. Every range is checked against the file before anything is
 * read, so a truncated download fails here with its size, not later with garbage weights.
 */
export function parseSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsFile {
  if (bytes.length < 8) throw new SafetensorsError(`${source} is not a safetensors file: only ${bytes.length} bytes.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(bytes.length - 8)) {
    throw new SafetensorsError(`${source} is truncated or not a safetensors file: its header claims ${headerLen} bytes, the file has ${bytes.length - 8} after the length field.`);
  }
  const n = Number(headerLen);
  let header: Record<string, HeaderEntry | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, HeaderEntry>;
  } catch (e) {
    throw new SafetensorsError(`${source} is not a safetensors file: the header is not JSON (${errorMessage(e)}).`);
  }
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const entries = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = raw as Record<string, string>;
      continue;
    }
    const e = raw as HeaderEntry;
    const dtype = e.dtype as SafetensorsDtype;
    if (!(dtype in BYTES)) throw new SafetensorsError(`${source}: tensor "${name}" has unsupported dtype ${String(e.dtype)}.`);
    const shape = e.shape;
    const offsets = e.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new SafetensorsError(`${source}: tensor "${name}" has a malformed shape.`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new SafetensorsError(`${source}: tensor "${name}" has malformed data_offsets.`);
    }
    const [begin, end] = offsets as number[];
    const expected = (shape as number[]).reduce((a, d) => a * d, 1) * BYTES[dtype];
    if (end - begin !== expected) throw new SafetensorsError(`${source}: tensor "${name}" spans ${end - begin} bytes but ${dtype}[${shape.join(', ')}] needs ${expected}.`);
    if (end > dataLen) {
      throw new SafetensorsError(`${source} is truncated: tensor "${name}" ends at byte ${end} of the data section, which has only ${dataLen} bytes.`);
    }
    entries.set(name, { dtype, shape: shape as number[], begin, end });
  }
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, dataLen);
  return {
    source,
    entries,
    metadata,
    read(name: string): Float32Array {
      const e = entries.get(name);
      if (!e) throw new SafetensorsError(`${source} has no tensor "${name}".`);
      return decode(data, e);
    },
  };
}

export async function readSafetensors(file: string): Promise<SafetensorsFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new SafetensorsError(`Cannot read weights file ${file}: ${errorMessage(e)}`);
  }
  return parseSafetensors(bytes, file);
}

const f16 = (h: number): number => {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
};

function decode(data: DataView, e: TensorEntry): Float32Array {
  const count = (e.end - e.begin) / BYTES[e.dtype];
  const out = new Float32Array(count);
  const at = (i: number) => e.begin + i * BYTES[e.dtype];
  switch (e.dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = data.getFloat32(at(i), true);
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = data.getFloat64(at(i), true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = f16(data.getUint16(at(i), true));
      break;
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) u[i] = data.getUint16(at(i), true) << 16;
      break;
    }
    case 'I64':
      for (let i = 0; i < count; i++) out[i] = Number(data.getBigInt64(at(i), true));
      break;
    case 'I32':
      for (let i = 0; i < count; i++) out[i] = data.getInt32(at(i), true);
      break;
    case 'I16':
      for (let i = 0; i < count; i++) out[i] = data.getInt16(at(i), true);
      break;
    case 'I8':
      for (let i = 0; i < count; i++) out[i] = data.getInt8(at(i));
      break;
    case 'U8':
    case 'BOOL':
      for (let i = 0; i < count; i++) out[i] = data.getUint8(at(i));
      break;
  }
  return out;
}

export interface TensorToWrite {
  dtype: 'F32' | 'F16' | 'BF16' | 'I64';
  shape: number[];
  values: ArrayLike<number>;
}

function toF16(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const frac = x & 0x7fffff;
  if (exp <= 0) return sign | Math.round((frac | 0x800000) / 2 ** (14 - exp));
  if (exp >= 0x1f) return sign | 0x7c00;
  // Round to nearest; a carry into the exponent is the correct result.
  return (sign | (exp << 10)) + Math.round(frac / 8192);
}

/** Writes tensors in the safetensors layout (what PyTorch's `safetensors.torch.save_file` produces). */
export function encodeSafetensors(tensors: Record<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, object> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  const parts: { entry: TensorToWrite; begin: number }[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const size = t.values.length * BYTES[t.dtype];
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    parts.push({ entry: t, begin: offset });
    offset += size;
  }
  let json = JSON.stringify(header);
  // The format pads the header with spaces to a multiple of 8 bytes.
  while ((Buffer.byteLength(json) + 8) % 8) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const base = 8 + headerBytes.length;
  for (const { entry, begin } of parts) {
    const w = BYTES[entry.dtype];
    for (let i = 0; i < entry.values.length; i++) {
      const at = base + begin + i * w;
      const v = entry.values[i];
      if (entry.dtype === 'F32') view.setFloat32(at, v, true);
      else if (entry.dtype === 'F16') view.setUint16(at, toF16(v), true);
      else if (entry.dtype === 'BF16') view.setUint16(at, new Uint32Array(new Float32Array([v]).buffer)[0] >>> 16, true);
      else view.setBigInt64(at, BigInt(Math.round(v)), true);
    }
  }
  return out;
}
