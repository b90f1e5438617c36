/** Small display helpers, pure so they are easy to test and reuse. */

/** "now", "4m", "2h 5m", "3d": short enough for a queue row. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d`;
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Scores and confidences travel as 0..1. */
export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** A live waiting time with seconds: "42s", "4m 05s", "1h 02m". */
export function formatWaiting(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export type ConfidenceLevel = 'low' | 'medium' | 'high';

/** Below 0.6 (the default policy's minConfidence) is low; from 0.8 on, high. */
export function confidenceLevel(value: number): ConfidenceLevel {
  if (value < 0.6) return 'low';
  if (value < 0.8) return 'medium';
  return 'high';
}
