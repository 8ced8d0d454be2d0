// svgcanvas ships no types; only what chart-svg.ts uses is declared.
declare module 'svgcanvas' {
  export interface ContextOptions {
    width: number;
    height: number;
    /** A real 2D context to measure text with. */
    ctx?: CanvasRenderingContext2D;
    document?: Document;
  }
  /** A CanvasRenderingContext2D look-alike that records drawing as SVG. */
  export class Context {
    constructor(options: ContextOptions);
    width: number;
    height: number;
    canvas: Context;
    getSerializedSvg(fixNamedEntities?: boolean): string;
  }
}
