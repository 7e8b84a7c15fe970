interface Props {
  readonly text: string;
  readonly className?: string;
}

/** Text cut to its box with an ellipsis; the whole text is in the tooltip. */
export function Truncate({ text, className }: Props) {
  return (
    <span className={className ? `truncate ${className}` : 'truncate'} title={text}>
      {text}
    </span>
  );
}
