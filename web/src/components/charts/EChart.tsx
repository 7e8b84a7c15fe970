import { useEffect, useRef } from 'react';
import { type EChartsCoreOption, echarts } from './echarts.js';

interface EChartProps {
  readonly option: EChartsCoreOption;
  /** What the chart shows, in words: read by screen readers instead of the drawing. */
  readonly label: string;
  readonly height: number;
}

/** Draws an ECharts option into a div, resizing with it; the drawing is an image with a text label. */
export function EChart({ option, label, height }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={element} className="echart" role="img" aria-label={label} style={{ height }} />;
}
