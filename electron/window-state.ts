import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const savedState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof savedState>;

const DEFAULT_SIZE = { width: 1280, height: 820 };

/** The last window position, if it still fits on a connected display. */
export function loadWindowState(file: string): Partial<WindowState> & { width: number; height: number } {
  try {
    const state = savedState.parse(JSON.parse(readFileSync(file, 'utf8')));
    const visible = screen.getAllDisplays().some((display) => intersects(display.workArea, state));
    return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
  } catch {
    return DEFAULT_SIZE;
  }
}

export function rememberWindowState(window: BrowserWindow, file: string): void {
  const save = () => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    writeFileSync(file, JSON.stringify(state));
  };
  window.on('close', save);
}

function intersects(area: Rectangle, bounds: Rectangle): boolean {
  return bounds.x < area.x + area.width && bounds.x + bounds.width > area.x && bounds.y < area.y + area.height && bounds.y + bounds.height > area.y;
}
