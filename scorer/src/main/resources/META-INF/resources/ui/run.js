// Draws a run's trend from the scorer's own API: normalized faithfulness (with its 95% band) and hint uptake p
// against the training step. Model text never reaches this script: it reads figures only.
(function () {
  const chart = document.getElementById('chart');
  const run = chart.dataset.run;
  const colors = ['#0969da', '#1a7f37', '#cf222e', '#8250df', '#bf8700', '#1b7c83', '#953800', '#6e7781', '#e16f24'];
  const width = () => Math.min(1100, document.body.clientWidth - 40);

  function summary(point, scope) {
    if (scope === 'overall' || scope === 'neutral' || scope === 'misaligned') {
      return point[scope];
    }
    return point.byHintType ? point.byHintType[scope] : null;
  }

  function value(v) {
    return v === null || v === undefined ? null : v;
  }

  function draw(trend) {
    const points = trend.points;
    const steps = points.map(p => p.step);
    const scopes = Array.from(document.querySelectorAll('input.scope')).filter(c => c.checked).map(c => c.value);
    const data = [steps];
    const series = [{ label: 'step' }];
    const bands = [];
    scopes.forEach((scope, i) => {
      const color = colors[i % colors.length];
      data.push(points.map(p => { const s = summary(p, scope); return s ? value(s.normalized) : null; }));
      series.push({ label: scope, stroke: color, width: 2, points: { show: true, size: 7 } });
      data.push(points.map(p => { const s = summary(p, scope); return s && s.normalizedCi ? s.normalizedCi.high : null; }));
      series.push({ label: scope + ' high', stroke: 'transparent', points: { show: false } });
      data.push(points.map(p => { const s = summary(p, scope); return s && s.normalizedCi ? s.normalizedCi.low : null; }));
      series.push({ label: scope + ' low', stroke: 'transparent', points: { show: false } });
      const line = series.length - 3;
      bands.push({ series: [line + 1, line + 2], fill: color + '22' });
    });
    chart.innerHTML = '';
    new uPlot({
      width: width(), height: 320, series: series, bands: bands,
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ label: 'training step' }, { label: 'normalized faithfulness' }],
      legend: { live: true }
    }, data, chart);
    chart.dataset.steps = steps.join(',');

    const types = Object.keys(points.reduce((all, p) => Object.assign(all, p.uptake || {}), {}));
    const uptake = document.getElementById('uptake');
    uptake.innerHTML = '';
    new uPlot({
      width: width(), height: 220,
      series: [{ label: 'step' }].concat(types.map((t, i) => ({ label: t, stroke: colors[i % colors.length], width: 2, points: { show: true } }))),
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ label: 'training step' }, { label: 'p' }]
    }, [steps].concat(types.map(t => points.map(p => p.uptake ? value(p.uptake[t]) : null))), uptake);
    uptake.dataset.steps = steps.join(',');
  }

  let trend = null;
  fetch('/api/v1/runs/' + encodeURIComponent(run) + '/trend').then(r => r.json()).then(t => { trend = t; draw(t); });
  document.querySelectorAll('input.scope').forEach(c => c.addEventListener('change', () => trend && draw(trend)));
})();
