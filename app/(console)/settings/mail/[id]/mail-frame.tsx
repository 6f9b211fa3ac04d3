"use client";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * A mail's HTML in a sandboxed frame as tall as its content. The frame runs no scripts, so
 * letting the page measure it (allow-same-origin) gives the mail no powers.
 */
export function MailFrame({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(640);
  const measure = useCallback(() => {
    const body = frame.current?.contentDocument?.body;
    if (body) setHeight(body.scrollHeight);
  }, []);
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);
  return (
    <iframe
      ref={frame}
      title="Mail message"
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      srcDoc={html}
      onLoad={measure}
      style={{ height }}
      className="block w-full rounded-b-lg"
    />
  );
}
