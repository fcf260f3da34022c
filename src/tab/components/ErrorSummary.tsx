/**
 * The GOV.UK Design System's error summary (design-system.service.gov.uk/components/error-summary):
 * at the top of a form after a failed submit, it takes focus so the problem is seen and heard at
 * once, and lists each problem as a link to its field. Following a link moves focus to the field's
 * first control and scrolls its label into view.
 */
import { Link, Text, makeStyles } from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles({
  summary: {
    border: `4px solid ${tokens.colorPaletteRedBorderActive}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '12px 16px',
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': { outline: `3px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  list: { margin: '8px 0 0', paddingLeft: '20px' },
  link: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export type SummaryProblem = {
  /** The id of the field's wrapper (a Field's root or a fieldset); its first control takes focus. */
  target: string;
  message: string;
};

/** Moves focus to the first control inside the element with this id, its label scrolled into view. */
export function focusField(target: string): void {
  const wrapper = document.getElementById(target);
  if (!wrapper) return;
  const control = wrapper.matches('input, select, textarea, button')
    ? wrapper
    : wrapper.querySelector<HTMLElement>('input, select, textarea, button, [tabindex]');
  wrapper.scrollIntoView?.({ block: 'start' });
  control?.focus({ preventScroll: true });
}

/**
 * The summary; `attempt` counts failed submits, and each new one focuses the summary again (a
 * second Save with the same problems is announced too).
 */
export function ErrorSummary(props: { title: string; problems: SummaryProblem[]; attempt: number }) {
  const styles = useStyles();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'start' });
    box.current?.focus({ preventScroll: true });
  }, [props.attempt]);
  return (
    <div
      ref={box}
      className={styles.summary}
      tabIndex={-1}
      aria-labelledby="error-summary-title"
      role="alert"
    >
      <Text as="h2" id="error-summary-title" size={400} weight="semibold" block>
        {props.title}
      </Text>
      <ul className={styles.list}>
        {props.problems.map((p) => (
          <li key={`${p.target}:${p.message}`}>
            <Link
              href={`#${p.target}`}
              className={styles.link}
              onClick={(e) => {
                e.preventDefault();
                focusField(p.target);
              }}
            >
              {p.message}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
