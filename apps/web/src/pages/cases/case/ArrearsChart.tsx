import { Box, Group, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useArrearsHistory, type ArrearsHistory } from '../../../api/arrears';
import { ErrorAlert, Loading } from '../../../components/Feedback';
import { formatDate, formatMoney } from '../../../lib/format';

/**
 * "Restance over tid": the tenancy's arrears at each of the administration's readings as a step line (the
 * amount holds until the next reading), with the monthly rent as a dashed reference line. An inline SVG (no
 * chart library in the bundle); screen readers get a summary and a visually hidden table of the points.
 */
export function ArrearsChartPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const history = useArrearsHistory(caseId);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="arrears-chart-title" data-testid="arrears-chart-panel">
      <Title order={2} size="h6" id="arrears-chart-title" mb={4}>
        {t('case.arrearsChart.title')}
      </Title>
      {history.isPending ? <Loading /> : null}
      {history.isError ? <ErrorAlert error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.data && history.data.items.length === 0 ? (
        <Text size="sm" data-testid="arrears-chart-empty">
          {t('case.arrearsChart.empty')}
        </Text>
      ) : null}
      {history.data && history.data.items.length > 0 ? <ArrearsChart history={history.data} /> : null}
    </Paper>
  );
}

const HEIGHT = 220;
const MARGIN = { top: 14, right: 16, bottom: 28, left: 86 };
const DAY_MS = 86_400_000;
const COLORS = {
  line: 'var(--mantine-color-blue-8)',
  rent: 'var(--mantine-color-orange-9)',
  grid: 'var(--mantine-color-gray-3)',
  axis: 'var(--mantine-color-gray-6)',
  text: 'var(--mantine-color-gray-7)',
};

const dayMs = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

/** A round step (1, 2, 2.5 or 5 × 10^k øre) giving about `count` intervals up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * power) return m * power;
  return 10 * power;
}

/** "… 9.500,00 kr.." -> "… 9.500,00 kr.": an amount's own full stop ends the sentence. */
function oneStop(text: string): string {
  return text.replace(/\.\.(?=\s|$)/g, '.');
}

/** An axis label: whole kroner without ",00" ("5.000 kr."), otherwise the usual money format. */
function axisMoney(ore: number): string {
  return formatMoney(ore).replace(/,00 kr\.$/, ' kr.');
}

function ArrearsChart({ history }: { history: ArrearsHistory }) {
  const { t } = useTranslation();
  const { ref, width: measured } = useElementSize();
  const titleId = useId();
  const descId = useId();
  const points = history.items;
  const rent = history.monthlyRentOre;

  const width = Math.max(320, measured || 640);
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;

  const first = dayMs(points[0]!.asOf);
  const last = dayMs(points[points.length - 1]!.asOf);
  const [x0, x1] = first === last ? [first - 15 * DAY_MS, last + 15 * DAY_MS] : [first, last];
  const maxArrears = Math.max(...points.map((p) => p.arrearsOre));
  const top = Math.max(maxArrears, rent ?? 0, 100_00);
  const step = niceStep(top * 1.05, 4);
  const yMax = Math.ceil((top * 1.05) / step) * step;
  const yTicks = Array.from({ length: Math.round(yMax / step) + 1 }, (_, i) => i * step);

  const x = (ms: number) => MARGIN.left + ((ms - x0) / (x1 - x0)) * innerW;
  const y = (ore: number) => MARGIN.top + innerH - (Math.max(0, ore) / yMax) * innerH;

  // Step-after: the amount of a reading holds until the next one.
  let path = '';
  points.forEach((p, i) => {
    const px = x(dayMs(p.asOf));
    const py = y(p.arrearsOre);
    path += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
  });

  // Date labels at readings, as many as fit (first and last always).
  const maxLabels = Math.max(2, Math.floor(innerW / 88));
  const every = Math.max(1, Math.ceil(points.length / maxLabels));
  const xTicks = points.filter((_, i) => i === 0 || i === points.length - 1 || (i % every === 0 && points.length - 1 - i >= every / 2));
  const uniqueTicks = xTicks.filter((p, i) => xTicks.findIndex((q) => q.asOf === p.asOf) === i);

  const lastPoint = points[points.length - 1]!;
  const summary =
    points.length === 1
      ? t('case.arrearsChart.summary', { count: 1, from: formatDate(lastPoint.asOf), last: formatMoney(lastPoint.arrearsOre) })
      : t('case.arrearsChart.summary', {
          count: points.length,
          from: formatDate(points[0]!.asOf),
          to: formatDate(lastPoint.asOf),
          last: formatMoney(lastPoint.arrearsOre),
          max: formatMoney(maxArrears),
        });

  return (
    <Box data-testid="arrears-chart">
      <Text size="sm" id={descId} mb={4}>
        {oneStop(`${summary}${rent !== null ? ` ${t('case.arrearsChart.rent', { amount: formatMoney(rent) })}.` : ''}`)}
      </Text>
      <div ref={ref} style={{ width: '100%' }}>
        <svg
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
          style={{ display: 'block', maxWidth: '100%', overflow: 'visible' }}
        >
          <title id={titleId}>{t('case.arrearsChart.title')}</title>
          {yTicks.map((v) => (
            <g key={`y${v}`}>
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(v)} y2={y(v)} stroke={COLORS.grid} strokeWidth={1} />
              <text x={MARGIN.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fontSize={11} fill={COLORS.text}>
                {axisMoney(v)}
              </text>
            </g>
          ))}
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + innerH} stroke={COLORS.axis} />
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={MARGIN.top + innerH} y2={MARGIN.top + innerH} stroke={COLORS.axis} />
          {uniqueTicks.map((p, i) => {
            const px = x(dayMs(p.asOf));
            const anchor = uniqueTicks.length > 1 && i === uniqueTicks.length - 1 ? 'end' : i === 0 && uniqueTicks.length > 1 ? 'start' : 'middle';
            return (
              <g key={`x${p.asOf}`}>
                <line x1={px} x2={px} y1={MARGIN.top + innerH} y2={MARGIN.top + innerH + 4} stroke={COLORS.axis} />
                <text x={px} y={HEIGHT - 8} textAnchor={anchor} fontSize={11} fill={COLORS.text}>
                  {formatDate(p.asOf)}
                </text>
              </g>
            );
          })}
          {rent !== null && rent > 0 ? (
            <g data-testid="arrears-chart-rent">
              <line
                x1={MARGIN.left}
                x2={width - MARGIN.right}
                y1={y(rent)}
                y2={y(rent)}
                stroke={COLORS.rent}
                strokeWidth={1.5}
                strokeDasharray="6 4"
              />
            </g>
          ) : null}
          <path d={path} fill="none" stroke={COLORS.line} strokeWidth={2} />
          {points.map((p) => (
            <circle
              key={p.asOf}
              data-point={p.asOf}
              cx={x(dayMs(p.asOf))}
              cy={y(p.arrearsOre)}
              r={4}
              fill={COLORS.line}
              stroke="white"
              strokeWidth={1.5}
            >
              <title>{t('case.arrearsChart.point', { date: formatDate(p.asOf), amount: formatMoney(p.arrearsOre) })}</title>
            </circle>
          ))}
        </svg>
      </div>
      <Group gap="md" mt={4} aria-hidden="true">
        <Group gap={6}>
          <svg width={22} height={10}>
            <line x1={0} x2={22} y1={5} y2={5} stroke={COLORS.line} strokeWidth={2} />
            <circle cx={11} cy={5} r={3.5} fill={COLORS.line} />
          </svg>
          <Text size="xs">{t('case.arrearsChart.legendArrears')}</Text>
        </Group>
        {rent !== null ? (
          <Group gap={6}>
            <svg width={22} height={10}>
              <line x1={0} x2={22} y1={5} y2={5} stroke={COLORS.rent} strokeWidth={1.5} strokeDasharray="6 4" />
            </svg>
            <Text size="xs">
              {t('case.arrearsChart.legendRent')} ({formatMoney(rent)})
            </Text>
          </Group>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed" mt={2}>
        {t('case.arrearsChart.period')}
      </Text>
      <VisuallyHidden>
        <Table data-testid="arrears-chart-table">
          <caption>{t('case.arrearsChart.tableCaption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('case.arrearsChart.date')}</Table.Th>
              <Table.Th scope="col">{t('case.arrearsChart.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {points.map((p) => (
              <Table.Tr key={p.asOf}>
                <Table.Td>{formatDate(p.asOf)}</Table.Td>
                <Table.Td>{formatMoney(p.arrearsOre)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Box>
  );
}
