"use client";
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { lastNdjsonEvent } from "./progress-bar";

/** The phases every upload has, whatever its import reports. */
export type UploadPhase =
  | { phase: "idle" }
  | { phase: "uploading"; percent: number }
  | { phase: "error"; message: string; details: Array<{ path: string; message: string }> };

/**
 * Sends a file to a route that answers with NDJSON progress events (a CSV import), and keeps
 * the latest as the upload's progress: upload percent first, then `afterUpload` until the server
 * speaks, then each event through `toProgress`. A final `done` clears the file and refreshes the page.
 */
export function useNdjsonUpload<Event extends { type: string }, Progress extends { phase: string }>(url: string, toProgress: (event: Event) => Progress, afterUpload: Progress) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress | UploadPhase>({ phase: "idle" });

  const start = () => {
    if (!file) return;
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("content-type", "text/csv");
    request.upload.onprogress = (event) => setProgress({ phase: "uploading", percent: event.lengthComputable ? (event.loaded / event.total) * 100 : 50 });
    request.upload.onload = () => setProgress(afterUpload);
    request.onprogress = () => {
      const event = lastNdjsonEvent<Event>(request.responseText);
      if (event) setProgress(toProgress(event));
    };
    request.onload = () => {
      const event = lastNdjsonEvent<Event>(request.responseText);
      const contentType = request.getResponseHeader("content-type") ?? "";
      if (!event || !/ndjson|json/.test(contentType)) {
        setProgress({ phase: "error", message: "The server did not accept the upload. Your session may have ended: reload the page and try again.", details: [] });
        return;
      }
      setProgress(toProgress(event));
      if (event.type === "done") {
        setFile(null);
        if (input.current) input.current.value = "";
        router.refresh();
      }
    };
    request.onerror = () => setProgress({ phase: "error", message: "The upload was interrupted; nothing was changed. Check your connection and try again.", details: [] });
    setProgress({ phase: "uploading", percent: 0 });
    request.send(file);
  };

  /** A newly chosen file starts from a clean slate. */
  const choose = (next: File | null) => {
    setFile(next);
    setProgress({ phase: "idle" });
  };

  return { input, file, choose, progress, start };
}
