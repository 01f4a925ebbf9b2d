// The host-side allocator for one WASM instance's linear memory. The module is built with the
// stub runtime and never allocates, so everything from `heapBase()` up belongs to the host:
// models, per-call buffers and RNG states are carved out here, first-fit with coalescing,
// 16-byte aligned (v128 loads). Growing memory detaches every view over the old buffer, so
// views are re-derived from `memory.buffer` on each access through `u8()`, `i8()`, ... which
// compare the buffer identity (a pointer check, cheap enough for per-call use).

const ALIGN = 16;
const PAGE = 65536;
/** The first address no block may reach (see alloc). */
const LIMIT = 2 ** 32 - 16;

interface Block {
  ptr: number;
  size: number;
}

/** First-fit allocator over a WebAssembly.Memory, with views that survive growth. */
export class WasmHeap {
  readonly #memory: WebAssembly.Memory;
  #free: Block[] = [];
  #top: number;
  readonly #sizes = new Map<number, number>();
  #buffer: ArrayBuffer | undefined;
  #u8!: Uint8Array;
  #i8!: Int8Array;
  #i32!: Int32Array;
  #u32!: Uint32Array;
  #f64!: Float64Array;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.#memory = memory;
    this.#top = align(heapBase);
  }

  /** Reserves `bytes` (rounded up to 16) and returns the pointer. */
  alloc(bytes: number): number {
    const size = align(Math.max(bytes, 1));
    for (let k = 0; k < this.#free.length; k++) {
      const b = this.#free[k];
      if (b.size >= size) {
        const ptr = b.ptr;
        if (b.size === size) this.#free.splice(k, 1);
        else {
          b.ptr += size;
          b.size -= size;
        }
        this.#sizes.set(ptr, size);
        return ptr;
      }
    }
    const ptr = this.#top;
    const end = ptr + size;
    // No block ends at 4 GiB: the kernels' end pointers are u32 and would wrap to 0 (a state
    // there would silently get no gate applied). The last 16 bytes of the space stay unused.
    if (end > LIMIT) throw new RangeError(`WASM memory cannot hold ${bytes} more bytes (4 GiB limit)`);
    const have = this.#memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.#memory.grow(pages);
      } catch (cause) {
        throw new RangeError(`WASM memory cannot grow by ${pages} pages to hold ${bytes} bytes (4 GiB limit)`, { cause });
      }
    }
    this.#top = end;
    this.#sizes.set(ptr, size);
    return ptr;
  }

  /** Returns a block from `alloc` to the free list, merging it with free neighbours. */
  free(ptr: number): void {
    const size = this.#sizes.get(ptr);
    if (size === undefined) throw new RangeError(`free of unknown pointer ${ptr}`);
    this.#sizes.delete(ptr);
    const blocks = this.#free;
    let k = 0;
    while (k < blocks.length && blocks[k].ptr < ptr) k++;
    blocks.splice(k, 0, { ptr, size });
    if (k + 1 < blocks.length && ptr + size === blocks[k + 1].ptr) {
      blocks[k].size += blocks[k + 1].size;
      blocks.splice(k + 1, 1);
    }
    if (k > 0 && blocks[k - 1].ptr + blocks[k - 1].size === ptr) {
      blocks[k - 1].size += blocks[k].size;
      blocks.splice(k, 1);
      k--;
    }
    // a free block at the top goes back to the bump region
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last.ptr + last.size === this.#top) {
      this.#top = last.ptr;
      blocks.pop();
    }
  }

  /** Bytes currently handed out (for tests and `info`). */
  get allocatedBytes(): number {
    let total = 0;
    for (const size of this.#sizes.values()) total += size;
    return total;
  }

  #refresh(): void {
    const buf = this.#memory.buffer;
    if (buf === this.#buffer) return;
    this.#buffer = buf;
    this.#u8 = new Uint8Array(buf);
    this.#i8 = new Int8Array(buf);
    this.#i32 = new Int32Array(buf);
    this.#u32 = new Uint32Array(buf);
    this.#f64 = new Float64Array(buf);
  }
  u8(): Uint8Array {
    this.#refresh();
    return this.#u8;
  }
  i8(): Int8Array {
    this.#refresh();
    return this.#i8;
  }
  i32(): Int32Array {
    this.#refresh();
    return this.#i32;
  }
  u32(): Uint32Array {
    this.#refresh();
    return this.#u32;
  }
  f64(): Float64Array {
    this.#refresh();
    return this.#f64;
  }
}

function align(x: number): number {
  return Math.ceil(x / ALIGN) * ALIGN;
}
