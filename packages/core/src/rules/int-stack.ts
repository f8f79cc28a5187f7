/** An empty list of numbers, shared. */
export const NO_NUMBERS = new Int32Array(0);

/**
 * 32-bit integers pushed and popped, in a typed array that doubles as it fills: a line of millions of marks holds
 * 4 bytes a number outside the collected heap, where an object for each mark took some 100 bytes in it (a file of
 * nothing but opening marks needed 47 bytes of memory for each of its bytes: 4.2 GB and 255 s for 96 MB), and a plain
 * array of numbers 8 bytes, copied each time it grew.
 */
export class IntStack {
  data = new Int32Array(4);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  pop(): number {
    return this.data[--this.length]!;
  }
  top(): number {
    return this.data[this.length - 1]!;
  }
  /** The numbers pushed (a view: no copy of a line's millions of them). */
  done(): Int32Array {
    return this.length ? this.data.subarray(0, this.length) : NO_NUMBERS;
  }
}
