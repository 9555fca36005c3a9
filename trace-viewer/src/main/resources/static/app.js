/*
 * Trace Viewer UI: plain JavaScript, no build step. Reads the Jaeger-compatible API
 * of the same server. Three pages: search (/), trace (/trace/{traceId}) and monitor
 * (/monitor); all are real URLs, so reload and deep links work.
 */
'use strict';

(function () {

	// Hues far enough apart to tell services apart at a glance; red is kept for errors
	const PALETTE = ['#2563eb', '#f97316', '#16a34a', '#9333ea', '#0d9488', '#db2777', '#ca8a04', '#92400e',
		'#475569', '#84cc16'];
	const MAX_INDENT_DEPTH = 30;
	const INDENT_PX = 14;

	const app = document.getElementById('app');

	// ---- small helpers ----

	function el(tag, attributes, ...children) {
		const element = document.createElement(tag);
		if (attributes) {
			for (const [name, value] of Object.entries(attributes)) {
				if (value === undefined || value === null || value === false) {
					continue;
				}
				if (name === 'class') {
					element.className = value;
				}
				else if (name === 'style') {
					element.style.cssText = value;
				}
				else if (name.startsWith('on')) {
					element.addEventListener(name.substring(2), value);
				}
				else {
					element.setAttribute(name, value === true ? '' : value);
				}
			}
		}
		for (const child of children) {
			if (child === undefined || child === null || child === false) {
				continue;
			}
			element.append(child instanceof Node ? child : String(child));
		}
		return element;
	}

	function formatDuration(micros) {
		if (micros <= 0) {
			return '0';
		}
		if (micros < 1000) {
			return Math.round(micros) + 'µs';
		}
		if (micros < 1000000) {
			return trimNumber(micros / 1000, micros < 10000 ? 2 : 1) + 'ms';
		}
		if (micros < 60000000) {
			return trimNumber(micros / 1000000, 2) + 's';
		}
		const minutes = Math.floor(micros / 60000000);
		return minutes + 'm ' + Math.round((micros - minutes * 60000000) / 1000000) + 's';
	}

	function trimNumber(value, digits) {
		return String(Number(value.toFixed(digits)));
	}

	function formatTime(micros) {
		const date = new Date(micros / 1000);
		const pad = (number, width) => String(number).padStart(width || 2, '0');
		return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' '
			+ pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.'
			+ pad(date.getMilliseconds(), 3);
	}

	function formatAgo(micros) {
		const seconds = Math.round((Date.now() - micros / 1000) / 1000);
		if (seconds < 60) {
			return seconds <= 1 ? 'just now' : seconds + ' seconds ago';
		}
		if (seconds < 3600) {
			return Math.round(seconds / 60) + ' minutes ago';
		}
		if (seconds < 86400) {
			return Math.round(seconds / 3600) + ' hours ago';
		}
		return Math.round(seconds / 86400) + ' days ago';
	}

	function hash(text) {
		let value = 0;
		for (let i = 0; i < text.length; i++) {
			value = (value * 31 + text.charCodeAt(i)) | 0;
		}
		return Math.abs(value);
	}

	// Each service keeps the colour its name hashes to unless another service of the same
	// view took it first: stable across pages, distinct within one.
	function assignColors(services) {
		const colors = new Map();
		const used = new Set();
		for (const service of [...services].sort()) {
			let index = hash(service) % PALETTE.length;
			for (let tries = 0; tries < PALETTE.length && used.has(index); tries++) {
				index = (index + 1) % PALETTE.length;
			}
			used.add(index);
			colors.set(service, PALETTE[index]);
		}
		return colors;
	}

	async function getJson(url) {
		const response = await fetch(url, { headers: { Accept: 'application/json' } });
		let body = null;
		try {
			body = await response.json();
		}
		catch (ignored) {
			// reported below with the status
		}
		if (!response.ok) {
			const message = body && body.errors && body.errors.length ? body.errors[0].msg : response.statusText;
			const error = new Error(message || ('HTTP ' + response.status));
			error.status = response.status;
			throw error;
		}
		return body;
	}

	function errorBox(message) {
		return el('div', { class: 'error-box', 'data-testid': 'error', role: 'alert' }, message);
	}

	function tagValue(tags, key) {
		const tag = (tags || []).find((candidate) => candidate.key === key);
		return tag ? tag.value : undefined;
	}

	function isError(span) {
		return tagValue(span.tags, 'error') === true || tagValue(span.tags, 'otel.status_code') === 'ERROR';
	}

	// The viewer's N+1 finding on a trace: its most repeated statement under one parent
	function nPlusOneOf(spans) {
		let found = null;
		for (const span of spans) {
			if (tagValue(span.tags, 'n_plus_one') === true) {
				const count = Number(tagValue(span.tags, 'n_plus_one.count'));
				if (!found || count > found.count) {
					found = { count, statement: String(tagValue(span.tags, 'n_plus_one.statement')), parent: span };
				}
			}
		}
		return found;
	}

	function nPlusOneTitle(finding) {
		return 'N+1 query: ' + finding.statement + ' ran ' + finding.count + ' times under one span';
	}

	function parentOf(span) {
		const reference = (span.references || []).find((candidate) => candidate.refType === 'CHILD_OF'
			&& candidate.traceID === span.traceID);
		return reference ? reference.spanID : null;
	}

	// ---- status bar ----

	async function loadStatus() {
		const status = document.getElementById('status');
		try {
			const info = await getJson('/api/viewer/status');
			status.textContent = 'OTLP http :' + info.otlpHttpPort + '/v1/traces · grpc :' + info.otlpGrpcPort
				+ ' · ' + info.traces + ' traces, ' + info.spans + ' spans';
			status.title = 'Keeps at most ' + info.maxSpans + ' spans; ' + info.evictedTraces
				+ ' traces evicted so far';
		}
		catch (error) {
			status.textContent = 'Server unreachable: ' + error.message;
		}
	}

	// ---- search page ----

	const LOOKBACKS = [['', 'Everything kept'], ['5m', 'Last 5 minutes'], ['15m', 'Last 15 minutes'],
		['1h', 'Last hour'], ['2h', 'Last 2 hours'], ['6h', 'Last 6 hours'], ['12h', 'Last 12 hours'],
		['24h', 'Last 24 hours'], ['2d', 'Last 2 days']];

	// "http.route=/payments error=true" (or a JSON object) to the JSON map Jaeger takes
	function tagsToJson(text) {
		const trimmed = text.trim();
		if (!trimmed) {
			return {};
		}
		if (trimmed.startsWith('{')) {
			return JSON.parse(trimmed);
		}
		const tags = {};
		const pattern = /([^\s=]+)=(?:"([^"]*)"|(\S*))/g;
		let rest = trimmed;
		let match;
		while ((match = pattern.exec(trimmed)) !== null) {
			tags[match[1]] = match[2] !== undefined ? match[2] : match[3];
			rest = rest.replace(match[0], '');
		}
		if (rest.trim()) {
			throw new Error('Cannot read tags "' + rest.trim() + '": write key=value pairs separated by spaces');
		}
		return tags;
	}

	function field(label, control) {
		return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control);
	}

	async function renderSearch() {
		const params = new URLSearchParams(location.search);
		const searched = params.has('service');
		document.title = 'Search · Trace Viewer';

		const serviceSelect = el('select', { name: 'service', id: 'service', 'data-testid': 'search-service' },
			el('option', { value: '' }, 'All services'));
		const operationSelect = el('select', { name: 'operation', id: 'operation', 'data-testid': 'search-operation' },
			el('option', { value: '' }, 'All operations'));
		const lookbackSelect = el('select', { name: 'lookback', 'data-testid': 'search-lookback' },
			...LOOKBACKS.map(([value, label]) => el('option', { value }, label)));
		// Everything by default: the store is bounded anyway, and spans with odd clocks still show
		lookbackSelect.value = params.get('lookback') || '';
		const form = el('form', { class: 'search-form', method: 'get', action: '/', 'data-testid': 'search-form' },
			el('h2', null, 'Search'),
			field('Service', serviceSelect),
			field('Operation', operationSelect),
			field('Tags', el('input', { name: 'tags', value: params.get('tags') || '', 'data-testid': 'search-tags',
				placeholder: 'e.g. http.route=/pay', title: 'key=value pairs separated by spaces, or a JSON object',
				autocomplete: 'off' })),
			field('Lookback', lookbackSelect),
			el('div', { class: 'field-pair' },
				field('Min duration', el('input', { name: 'minDuration', value: params.get('minDuration') || '',
					placeholder: 'e.g. 100ms', 'data-testid': 'search-min-duration', autocomplete: 'off' })),
				field('Max duration', el('input', { name: 'maxDuration', value: params.get('maxDuration') || '',
					placeholder: 'e.g. 1.5s', 'data-testid': 'search-max-duration', autocomplete: 'off' }))),
			el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'errors', value: 'true',
				checked: params.get('errors') === 'true', 'data-testid': 'search-errors' }), ' Errors only'),
			el('label', { class: 'check', title: 'Traces where one span runs the same database statement many times' },
				el('input', { type: 'checkbox', name: 'nPlusOne', value: 'true', checked: params.get('nPlusOne') === 'true',
					'data-testid': 'search-n-plus-one' }), ' N+1 queries only'),
			field('Limit', el('input', { type: 'number', name: 'limit', min: '1', max: '1500',
				value: params.get('limit') || '20', 'data-testid': 'search-limit' })),
			timeRangeFields(params),
			el('button', { type: 'submit', class: 'primary', 'data-testid': 'search-submit' }, 'Find traces'));
		const results = el('section', { class: 'results', 'data-testid': 'results' });
		app.replaceChildren(el('div', { class: 'search-page' }, el('aside', { class: 'search-panel' }, form), results));

		serviceSelect.addEventListener('change', () => loadOperations(serviceSelect.value, operationSelect, ''));
		try {
			const services = (await getJson('/api/services')).data || [];
			const colors = assignColors(services);
			for (const service of services) {
				serviceSelect.append(el('option', { value: service, style: 'color:' + colors.get(service) }, service));
			}
			serviceSelect.value = params.get('service') || '';
			await loadOperations(serviceSelect.value, operationSelect, params.get('operation') || '');
		}
		catch (error) {
			results.replaceChildren(errorBox('Cannot load services: ' + error.message));
			return;
		}
		// Without a search yet, show what came in lately
		await search(searched ? params : new URLSearchParams({ limit: '20' }), results, searched);
	}

	// A time range from the Monitor view (start and end in microseconds, as Jaeger takes them):
	// kept while the search is refined, until cleared
	function timeRangeFields(params) {
		const start = params.get('start');
		const end = params.get('end');
		if (!start || !end) {
			return null;
		}
		const clear = new URLSearchParams(params);
		clear.delete('start');
		clear.delete('end');
		return el('div', { class: 'time-range', 'data-testid': 'search-time-range' },
			el('input', { type: 'hidden', name: 'start', value: start }),
			el('input', { type: 'hidden', name: 'end', value: end }),
			'Spans started ' + formatTime(Number(start)) + ' – ' + formatTime(Number(end)).substring(11) + ' ',
			el('a', { href: '/?' + clear, 'data-testid': 'search-time-range-clear' }, 'clear'));
	}

	async function loadOperations(service, select, selected) {
		select.replaceChildren(el('option', { value: '' }, 'All operations'));
		if (!service) {
			return;
		}
		const operations = (await getJson('/api/services/' + encodeURIComponent(service) + '/operations')).data || [];
		for (const operation of operations) {
			select.append(el('option', { value: operation }, operation));
		}
		select.value = operations.includes(selected) ? selected : '';
	}

	async function search(params, results, explicit) {
		const query = new URLSearchParams();
		for (const name of ['service', 'operation', 'minDuration', 'maxDuration', 'limit', 'lookback', 'start', 'end']) {
			if (params.get(name)) {
				query.set(name, params.get(name));
			}
		}
		let tags;
		try {
			tags = tagsToJson(params.get('tags') || '');
		}
		catch (error) {
			results.replaceChildren(errorBox(error.message));
			return;
		}
		if (params.get('errors') === 'true') {
			tags.error = 'true';
		}
		if (params.get('nPlusOne') === 'true') {
			tags.n_plus_one = 'true';
		}
		if (Object.keys(tags).length) {
			query.set('tags', JSON.stringify(tags));
		}
		results.replaceChildren(el('p', { class: 'muted' }, 'Searching…'));
		let traces;
		try {
			traces = (await getJson('/api/traces?' + query)).data || [];
		}
		catch (error) {
			results.replaceChildren(errorBox(error.message));
			return;
		}
		renderResults(traces, results, explicit);
	}

	function summarize(trace) {
		const spans = trace.spans;
		const ids = new Set(spans.map((span) => span.spanID));
		let start = Infinity;
		let end = -Infinity;
		let errors = 0;
		const spansPerService = new Map();
		for (const span of spans) {
			start = Math.min(start, span.startTime);
			end = Math.max(end, span.startTime + span.duration);
			if (isError(span)) {
				errors++;
			}
			const service = trace.processes[span.processID].serviceName;
			spansPerService.set(service, (spansPerService.get(service) || 0) + 1);
		}
		const roots = spans.filter((span) => !ids.has(parentOf(span)));
		const root = (roots.length ? roots : spans).reduce((a, b) => (b.startTime < a.startTime ? b : a));
		return { start, duration: end - start, errors, spansPerService, root,
			rootService: trace.processes[root.processID].serviceName, nPlusOne: nPlusOneOf(spans) };
	}

	function renderResults(traces, results, explicit) {
		const summaries = traces.map((trace) => ({ trace, summary: summarize(trace) }));
		const colors = assignColors(new Set(summaries.flatMap(({ summary }) => [...summary.spansPerService.keys()])));
		const maxDuration = Math.max(1, ...summaries.map(({ summary }) => summary.duration));
		const sortSelect = el('select', { 'data-testid': 'results-sort', 'aria-label': 'Sort' },
			el('option', { value: 'recent' }, 'Most recent'), el('option', { value: 'longest' }, 'Longest first'),
			el('option', { value: 'spans' }, 'Most spans'), el('option', { value: 'errors' }, 'Most errors'));
		const list = el('div', { class: 'result-list' });
		const header = el('div', { class: 'results-header' },
			el('h2', { 'data-testid': 'results-summary' }, traces.length + (traces.length === 1 ? ' trace' : ' traces')
				+ (explicit ? '' : ', the latest')),
			sortSelect);
		const draw = () => {
			const sorted = [...summaries];
			const by = sortSelect.value;
			sorted.sort((a, b) => by === 'longest' ? b.summary.duration - a.summary.duration
				: by === 'spans' ? b.trace.spans.length - a.trace.spans.length
					: by === 'errors' ? b.summary.errors - a.summary.errors : b.summary.start - a.summary.start);
			list.replaceChildren(...sorted.map(({ trace, summary }) => resultItem(trace, summary, colors, maxDuration)));
		};
		sortSelect.addEventListener('change', draw);
		draw();
		results.replaceChildren(header, traces.length ? list
			: el('p', { class: 'muted empty', 'data-testid': 'no-results' },
				'No traces found. Point an OpenTelemetry SDK at the OTLP endpoint shown above, or widen the search.'));
	}

	function resultItem(trace, summary, colors, maxDuration) {
		const chips = [...summary.spansPerService.entries()].sort((a, b) => a[0].localeCompare(b[0]))
			.map(([service, count]) => el('span', { class: 'chip', 'data-testid': 'result-service',
				style: '--color:' + colors.get(service) }, service + ' (' + count + ')'));
		return el('a', { class: 'result' + (summary.errors ? ' has-error' : ''), href: '/trace/' + trace.traceID,
			'data-testid': 'trace-result', 'data-trace-id': trace.traceID },
			el('div', { class: 'result-head' },
				el('span', { class: 'result-title', 'data-testid': 'result-title' },
					el('span', { class: 'result-service', style: 'color:' + colors.get(summary.rootService) },
						summary.rootService + ': '),
					summary.root.operationName),
				el('span', { class: 'result-duration', 'data-testid': 'result-duration' },
					formatDuration(summary.duration))),
			el('div', { class: 'result-bar' }, el('div', { style: 'width:'
				+ Math.max(0.5, summary.duration / maxDuration * 100) + '%' })),
			el('div', { class: 'result-meta' },
				el('span', { class: 'span-count', 'data-testid': 'result-span-count' },
					trace.spans.length + (trace.spans.length === 1 ? ' span' : ' spans')),
				summary.errors ? el('span', { class: 'badge-error', 'data-testid': 'result-errors' },
					summary.errors + (summary.errors === 1 ? ' error' : ' errors')) : null,
				summary.nPlusOne ? el('span', { class: 'badge-n-plus-one', 'data-testid': 'result-n-plus-one',
					title: nPlusOneTitle(summary.nPlusOne) }, 'N+1 ×' + summary.nPlusOne.count) : null,
				el('span', { class: 'chips' }, ...chips),
				el('span', { class: 'result-time', title: trace.traceID },
					formatTime(summary.start) + ' · ' + formatAgo(summary.start))));
	}

	// ---- trace page ----

	// Depth-first order, children by start time, so each span sits under its parent.
	// Iterative: a trace can be thousands of spans deep.
	function layout(trace) {
		const byId = new Map(trace.spans.map((span) => [span.spanID, span]));
		const children = new Map();
		const roots = [];
		for (const span of trace.spans) {
			const parent = parentOf(span);
			if (parent && byId.has(parent) && parent !== span.spanID) {
				if (!children.has(parent)) {
					children.set(parent, []);
				}
				children.get(parent).push(span);
			}
			else {
				roots.push(span);
			}
		}
		const byStart = (a, b) => a.startTime - b.startTime;
		roots.sort(byStart);
		children.forEach((list) => list.sort(byStart));
		const rows = [];
		const visited = new Set();
		const visit = (root) => {
			const stack = [{ span: root, depth: 0 }];
			while (stack.length) {
				const { span, depth } = stack.pop();
				if (visited.has(span.spanID)) {
					continue;
				}
				visited.add(span.spanID);
				const row = { span, depth, index: rows.length, end: 0, hasChildren: children.has(span.spanID),
					orphan: depth === 0 && parentOf(span) !== null };
				rows.push(row);
				const kids = children.get(span.spanID) || [];
				for (let i = kids.length - 1; i >= 0; i--) {
					stack.push({ span: kids[i], depth: depth + 1 });
				}
			}
		};
		roots.forEach(visit);
		// Spans caught in a parent cycle are never reached from a root: show them at the top level
		trace.spans.filter((span) => !visited.has(span.spanID)).sort(byStart).forEach(visit);
		// Where each subtree ends, for collapsing: the next row at the same or a lower depth
		const open = [];
		for (const row of rows) {
			while (open.length && open[open.length - 1].depth >= row.depth) {
				open.pop().end = row.index;
			}
			open.push(row);
		}
		open.forEach((row) => { row.end = rows.length; });
		return rows;
	}

	async function renderTrace(traceId) {
		document.title = 'Trace ' + traceId.substring(0, 7) + ' · Trace Viewer';
		app.replaceChildren(el('p', { class: 'muted' }, 'Loading trace…'));
		let trace;
		try {
			trace = (await getJson('/api/traces/' + encodeURIComponent(traceId))).data[0];
		}
		catch (error) {
			app.replaceChildren(el('div', { class: 'trace-page' },
				el('a', { href: '/', class: 'back' }, '← Search'),
				errorBox(error.status === 404 ? 'Trace ' + traceId + ' not found: it was never received, or was '
					+ 'evicted to stay under viewer.max-spans.' : 'Cannot load trace: ' + error.message)));
			return;
		}
		const renderStart = performance.now();
		const summary = summarize(trace);
		const services = [...summary.spansPerService.keys()];
		const colors = assignColors(services);
		const rows = layout(trace);
		const maxDepth = rows.reduce((max, row) => Math.max(max, row.depth), 0);
		document.title = summary.rootService + ': ' + summary.root.operationName + ' · Trace Viewer';

		const legend = el('div', { class: 'legend', 'data-testid': 'legend' },
			...services.sort().map((service) => el('span', { class: 'chip', style: '--color:' + colors.get(service),
				'data-testid': 'legend-service' }, service + ' (' + summary.spansPerService.get(service) + ')')));
		const header = el('div', { class: 'trace-header' },
			el('div', { class: 'trace-title-row' },
				el('a', { href: '/', class: 'back', 'data-testid': 'back-link' }, '← Search'),
				el('h1', { 'data-testid': 'trace-title' },
					el('span', { style: 'color:' + colors.get(summary.rootService) }, summary.rootService + ': '),
					summary.root.operationName)),
			el('div', { class: 'facts' },
				fact('Trace ID', el('code', { 'data-testid': 'trace-id' }, trace.traceID)),
				fact('Started', formatTime(summary.start)),
				fact('Duration', formatDuration(summary.duration)),
				fact('Services', services.length),
				fact('Depth', maxDepth + 1),
				fact('Spans', el('span', { 'data-testid': 'trace-span-count' }, trace.spans.length)),
				summary.errors ? fact('Errors', el('span', { class: 'badge-error' }, summary.errors)) : null,
				summary.nPlusOne ? fact('N+1', el('span', { class: 'badge-n-plus-one', 'data-testid': 'trace-n-plus-one',
					title: nPlusOneTitle(summary.nPlusOne) }, summary.nPlusOne.count + ' × '
					+ summary.nPlusOne.statement)) : null),
			legend);
		const waterfall = buildWaterfall(trace, rows, summary, colors);
		app.replaceChildren(el('div', { class: 'trace-page', 'data-testid': 'trace-page' }, header, waterfall));
		// For the benchmark and the curious: how long building the page took
		document.body.dataset.renderMs = String(Math.round(performance.now() - renderStart));
	}

	function fact(label, value) {
		return el('span', { class: 'fact' }, el('span', { class: 'fact-label' }, label), value);
	}

	function buildWaterfall(trace, rows, summary, colors) {
		const total = Math.max(summary.duration, 1);
		const ticks = el('div', { class: 'wf-ticks' });
		for (let i = 0; i <= 4; i++) {
			ticks.append(el('span', { class: 'wf-tick', style: 'left:' + (i * 25) + '%' },
				formatDuration(total * i / 4)));
		}
		const collapsed = new Uint8Array(rows.length);
		const details = new Map();
		const body = el('div', { class: 'wf-body', 'data-testid': 'waterfall-rows' });
		body.innerHTML = rows.map((row) => spanRowHtml(trace, row, summary.start, total, colors)).join('');
		const rowElements = Array.from(body.children);

		const applyCollapsed = () => {
			let hideUntil = -1;
			for (let i = 0; i < rows.length; i++) {
				const hidden = i < hideUntil;
				if (rowElements[i].hidden !== hidden) {
					rowElements[i].hidden = hidden;
					const detail = details.get(i);
					if (detail) {
						detail.hidden = hidden;
					}
				}
				if (!hidden && collapsed[i]) {
					hideUntil = rows[i].end;
				}
			}
		};
		const setAll = (value) => {
			rows.forEach((row) => { collapsed[row.index] = row.hasChildren && value ? 1 : 0; });
			rowElements.forEach((element, i) => element.classList.toggle('collapsed', collapsed[i] === 1));
			applyCollapsed();
		};
		// One listener for all rows: thousands of rows stay cheap
		body.addEventListener('click', (event) => {
			const rowElement = event.target.closest('.wf-row');
			if (!rowElement) {
				return;
			}
			const index = Number(rowElement.dataset.index);
			if (event.target.closest('.wf-toggle')) {
				collapsed[index] = collapsed[index] ? 0 : 1;
				rowElement.classList.toggle('collapsed', collapsed[index] === 1);
				applyCollapsed();
				return;
			}
			const open = details.get(index);
			if (open) {
				open.remove();
				details.delete(index);
				rowElement.classList.remove('selected');
			}
			else {
				const detail = spanDetail(trace, rows[index].span, summary.start, trace.spans);
				rowElement.after(detail);
				details.set(index, detail);
				rowElement.classList.add('selected');
			}
		});
		return el('div', { class: 'waterfall', 'data-testid': 'waterfall' },
			el('div', { class: 'wf-toolbar' },
				el('button', { type: 'button', onclick: () => setAll(false), 'data-testid': 'expand-all' }, 'Expand all'),
				el('button', { type: 'button', onclick: () => setAll(true), 'data-testid': 'collapse-all' },
					'Collapse all'),
				el('span', { class: 'muted' }, 'Click a span for its attributes, events and resource.')),
			el('div', { class: 'wf-header' },
				el('div', { class: 'wf-name wf-header-name' }, 'Service & operation'),
				el('div', { class: 'wf-timeline' }, ticks)),
			body);
	}

	const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

	function escapeHtml(text) {
		return String(text).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
	}

	// Rows are built as one HTML string: for thousands of spans the browser's parser is
	// several times faster than creating each element from script. Everything is escaped.
	function spanRowHtml(trace, row, traceStart, total, colors) {
		const span = row.span;
		const service = trace.processes[span.processID].serviceName;
		const color = escapeHtml(colors.get(service));
		const error = isError(span);
		const parent = parentOf(span);
		const left = (span.startTime - traceStart) / total * 100;
		const width = Math.max(span.duration / total * 100, 0.15);
		// Put the label where there is room: right of the bar, left of it near the end, or
		// inside it when the bar fills the axis
		let labelClass = 'wf-label';
		let labelStyle;
		if (left + width <= 80) {
			labelStyle = 'left:' + (left + width) + '%';
		}
		else if (left >= 12) {
			labelStyle = 'right:' + (100 - left) + '%';
		}
		else {
			labelStyle = 'right:' + (100 - left - width) + '%';
			labelClass += ' inside';
		}
		const indent = Math.min(row.depth, MAX_INDENT_DEPTH) * INDENT_PX + 6;
		const name = escapeHtml(span.operationName);
		const serviceHtml = escapeHtml(service);
		// N+1: the repeated statement's spans show how often it ran; their parent says which statement
		const repeated = tagValue(span.tags, 'n_plus_one.repeated');
		const nPlusOneParent = tagValue(span.tags, 'n_plus_one') === true;
		let nPlusOneHtml = '';
		if (repeated !== undefined) {
			nPlusOneHtml += '<span class="n-plus-one-mark" data-testid="span-n-plus-one" title="N+1 query: this '
				+ 'statement ran ' + escapeHtml(repeated) + ' times under the same parent">N+1 ×' + escapeHtml(repeated)
				+ '</span>';
		}
		if (nPlusOneParent) {
			const statement = tagValue(span.tags, 'n_plus_one.statement');
			const count = tagValue(span.tags, 'n_plus_one.count');
			nPlusOneHtml += '<span class="n-plus-one-mark" data-testid="span-n-plus-one-parent" title="N+1 query: '
				+ escapeHtml(statement) + ' ran ' + escapeHtml(count) + ' times under this span">runs N+1 ×'
				+ escapeHtml(count) + '</span>';
		}
		return '<div class="wf-row' + (error ? ' error' : '') + (repeated !== undefined ? ' n-plus-one' : '')
			+ '" data-testid="span-row" data-index="' + row.index
			+ '" data-span-id="' + escapeHtml(span.spanID) + '" data-parent-id="' + escapeHtml(parent || '')
			+ '" data-depth="' + row.depth + '" data-service="' + serviceHtml + '" data-operation="' + name
			+ '" data-error="' + error + '"' + (repeated !== undefined ? ' data-n-plus-one="' + escapeHtml(repeated) + '"'
				: '') + '>'
			+ '<div class="wf-name" style="padding-left:' + indent + 'px" title="' + serviceHtml + ': ' + name + '">'
			+ (row.hasChildren ? '<button type="button" class="wf-toggle" aria-label="Collapse or expand" '
				+ 'data-testid="span-toggle"></button>' : '<span class="wf-toggle-spacer"></span>')
			+ '<span class="swatch" style="background:' + color + '"></span>'
			+ '<span class="wf-service" data-testid="span-service">' + serviceHtml + '</span>'
			+ '<span class="wf-operation" data-testid="span-operation">' + name + '</span>'
			+ (error ? '<span class="error-icon" title="Error" data-testid="span-error">!</span>' : '')
			+ nPlusOneHtml
			+ (row.orphan ? '<span class="orphan" title="Parent span ' + escapeHtml(parent)
				+ ' was not received">⤴</span>' : '')
			+ '</div><div class="wf-timeline"><div class="wf-bar" data-testid="span-bar" style="left:' + left
			+ '%;width:' + width + '%;background:' + color + '"></div><span class="' + labelClass
			+ '" data-testid="span-duration" style="' + labelStyle + '">' + formatDuration(span.duration)
			+ '</span></div></div>';
	}

	function kvTable(tags, testId) {
		if (!tags || !tags.length) {
			return el('p', { class: 'muted' }, 'None');
		}
		return el('table', { class: 'kv', 'data-testid': testId },
			el('tbody', null, ...tags.map((tag) => el('tr', null,
				el('th', null, tag.key),
				el('td', { class: 'type-' + tag.type }, typeof tag.value === 'string' ? tag.value
					: JSON.stringify(tag.value))))));
	}

	function spanDetail(trace, span, traceStart, spans) {
		const process = trace.processes[span.processID];
		const parentId = parentOf(span);
		const parent = parentId ? spans.find((candidate) => candidate.spanID === parentId) : null;
		const status = tagValue(span.tags, 'otel.status_code') || 'UNSET';
		const statusMessage = tagValue(span.tags, 'otel.status_description');
		const events = (span.logs || []).map((log) => {
			const name = (log.fields.find((field) => field.key === 'event') || {}).value || 'event';
			const fields = log.fields.filter((field) => field.key !== 'event' && field.key !== 'exception.stacktrace');
			const stack = log.fields.find((field) => field.key === 'exception.stacktrace');
			return el('div', { class: 'event' + (name === 'exception' ? ' exception' : ''), 'data-testid': 'span-event' },
				el('div', { class: 'event-head' }, el('strong', null, name),
					el('span', { class: 'muted' }, ' at +' + formatDuration(log.timestamp - traceStart))),
				fields.length ? kvTable(fields, 'event-fields') : null,
				stack ? el('pre', { class: 'stack', 'data-testid': 'stacktrace' }, String(stack.value)) : null);
		});
		const links = (span.references || []).filter((reference) => reference.refType !== 'CHILD_OF');
		const monitor = new URLSearchParams({ service: process.serviceName, operation: span.operationName,
			spanKind: tagValue(span.tags, 'span.kind') || 'unspecified', at: String(Math.floor(span.startTime / 1000)) });
		return el('div', { class: 'wf-detail', 'data-testid': 'span-detail' },
			el('div', { class: 'detail-head' },
				el('strong', null, span.operationName),
				el('span', { class: 'muted' }, ' · ' + process.serviceName),
				el('a', { class: 'monitor-link', href: '/monitor?' + monitor, 'data-testid': 'span-monitor-link',
					title: 'Request rate, errors and latency of this operation, this span\'s time marked' },
				'Monitor ' + span.operationName + ' →')),
			el('div', { class: 'facts' },
				fact('Span ID', el('code', null, span.spanID)),
				fact('Parent', parent ? el('code', null, parentId) : (parentId ? el('code', null, parentId + ' (not received)') : 'none')),
				fact('Kind', tagValue(span.tags, 'span.kind') || 'unspecified'),
				fact('Status', el('span', { class: status === 'ERROR' ? 'badge-error' : '' },
					status + (statusMessage ? ': ' + statusMessage : ''))),
				fact('Start', '+' + formatDuration(span.startTime - traceStart)),
				fact('Duration', formatDuration(span.duration))),
			el('h4', null, 'Attributes'), kvTable(span.tags, 'span-attributes'),
			el('h4', null, 'Events (' + events.length + ')'), events.length ? el('div', { class: 'events' }, ...events)
				: el('p', { class: 'muted' }, 'None'),
			el('h4', null, 'Resource'), kvTable(process.tags, 'span-resource'),
			links.length ? el('h4', null, 'Links') : null,
			links.length ? el('ul', { class: 'links' }, ...links.map((link) => el('li', null,
				link.traceID === span.traceID ? 'span ' + link.spanID + ' of this trace'
					: el('a', { href: '/trace/' + link.traceID }, 'span ' + link.spanID + ' of trace ' + link.traceID))))
				: null);
	}

	// ---- monitor page ----

	const MONITOR_LOOKBACKS = [['300000', 'Last 5 minutes'], ['900000', 'Last 15 minutes'],
		['1800000', 'Last 30 minutes'], ['3600000', 'Last hour']];
	const SPAN_KINDS = ['server', 'client', 'internal', 'producer', 'consumer', 'unspecified'];
	const QUANTILES = [['p50', 0.5, '#16a34a'], ['p95', 0.95, '#f97316'], ['p99', 0.99, '#dc2626']];

	function metricsUrl(type, query, extra) {
		const url = new URLSearchParams(query);
		for (const [name, value] of Object.entries(extra || {})) {
			url.set(name, value);
		}
		return '/api/metrics/' + type + '?' + url;
	}

	// The points of one metric family, by operation ('' when grouped by service): [{t, v}]
	function pointsByOperation(family) {
		const result = new Map();
		for (const metric of family.metrics || []) {
			const label = (metric.labels || []).find((candidate) => candidate.name === 'operation');
			result.set(label ? label.value : '', (metric.metricPoints || []).map((point) => ({
				t: Date.parse(point.timestamp), v: point.gaugeValue.doubleValue })));
		}
		return result;
	}

	function formatRate(value) {
		return value >= 10 ? trimNumber(value, 1) + '/s' : trimNumber(value, 3) + '/s';
	}

	function formatMillis(value) {
		return formatDuration(value * 1000);
	}

	function formatClock(millis) {
		const date = new Date(millis);
		const pad = (number) => String(number).padStart(2, '0');
		return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
	}

	async function renderMonitor() {
		const params = new URLSearchParams(location.search);
		document.title = 'Monitor · Trace Viewer';
		const spanKind = SPAN_KINDS.includes(params.get('spanKind')) ? params.get('spanKind') : 'server';
		const lookback = Number(params.get('lookback')) > 0 ? Number(params.get('lookback')) : 900000;
		const at = Number(params.get('at')) > 0 ? Number(params.get('at')) : null;
		app.replaceChildren(el('p', { class: 'muted' }, 'Loading metrics…'));
		let services;
		let minStep;
		try {
			services = (await getJson('/api/services')).data || [];
			minStep = (await getJson('/api/metrics/minstep')).data;
		}
		catch (error) {
			app.replaceChildren(errorBox('Cannot load services: ' + error.message));
			return;
		}
		const service = params.get('service') || services[0] || '';
		const operation = params.get('operation') || '';
		const serviceSelect = el('select', { name: 'service', 'data-testid': 'monitor-service' },
			...services.map((name) => el('option', { value: name }, name)));
		serviceSelect.value = service;
		const kindSelect = el('select', { name: 'spanKind', 'data-testid': 'monitor-span-kind' },
			...SPAN_KINDS.map((kind) => el('option', { value: kind }, kind)));
		kindSelect.value = spanKind;
		const lookbackSelect = el('select', { name: 'lookback', 'data-testid': 'monitor-lookback' },
			...MONITOR_LOOKBACKS.map(([value, label]) => el('option', { value }, label)));
		lookbackSelect.value = String(lookback);
		const form = el('form', { class: 'monitor-form', method: 'get', action: '/monitor', 'data-testid': 'monitor-form' },
			field('Service', serviceSelect), field('Span kind', kindSelect), field('Time', lookbackSelect),
			el('button', { type: 'submit', class: 'primary', 'data-testid': 'monitor-submit' }, 'Show'));
		for (const select of [serviceSelect, kindSelect, lookbackSelect]) {
			select.addEventListener('change', () => form.requestSubmit());
		}
		const page = el('div', { class: 'monitor-page', 'data-testid': 'monitor-page' },
			el('div', { class: 'monitor-head' }, el('h2', null, 'Monitor'), form),
			el('p', { class: 'muted' }, 'Request rate, error rate and latency computed from the spans received, in '
				+ formatDuration(minStep * 1000) + ' buckets by span start time. Click a point for the traces behind it.'));
		app.replaceChildren(page);
		if (!service) {
			page.append(el('p', { class: 'muted empty', 'data-testid': 'no-results' },
				'No spans yet. Point an OpenTelemetry SDK at the OTLP endpoint shown above.'));
			return;
		}

		// The marked time stays inside the range shown
		const end = at ? Math.min(Date.now(), at + lookback / 2) : Date.now();
		const step = Math.ceil(Math.max(minStep, lookback / 60) / minStep) * minStep;
		const base = new URLSearchParams({ service, spanKind, endTs: String(Math.round(end)), lookback: String(lookback) });
		let table;
		let charts;
		try {
			[table, charts] = await Promise.all([
				operationsTable(base, service, operation, spanKind, lookback, at),
				monitorCharts(base, service, operation, lookback, step, Math.ceil(end / minStep) * minStep, at)]);
		}
		catch (error) {
			page.append(errorBox('Cannot load metrics: ' + error.message));
			return;
		}
		page.append(charts, table);
	}

	async function operationsTable(base, service, selected, spanKind, lookback, at) {
		// One point per operation over the whole time range
		const query = new URLSearchParams(base);
		query.set('groupByOperation', 'true');
		query.set('step', String(lookback));
		const [calls, errors, ...latencies] = await Promise.all([
			getJson(metricsUrl('calls', query)), getJson(metricsUrl('errors', query)),
			...QUANTILES.map(([, quantile]) => getJson(metricsUrl('latencies', query, { quantile })))]);
		const rates = pointsByOperation(calls);
		const errorRates = pointsByOperation(errors);
		const quantiles = latencies.map(pointsByOperation);
		const last = (points) => (points && points.length ? points[points.length - 1].v : null);
		const rows = [...rates.keys()].sort().map((name) => {
			const href = '/monitor?' + new URLSearchParams({ service, operation: name, spanKind,
				lookback: String(lookback), ...(at ? { at: String(at) } : {}) });
			const errorRate = last(errorRates.get(name));
			return el('tr', { class: name === selected ? 'selected' : '', 'data-testid': 'monitor-operation',
				'data-operation': name },
			el('td', null, el('a', { href, 'data-testid': 'monitor-operation-link' }, name)),
			el('td', { 'data-testid': 'monitor-operation-rate' }, formatRate(last(rates.get(name)) || 0)),
			el('td', { 'data-testid': 'monitor-operation-errors', class: errorRate ? 'has-errors' : '' },
				errorRate === null ? '–' : trimNumber(errorRate * 100, 1) + '%'),
			...quantiles.map((byOperation, i) => {
				const value = last(byOperation.get(name));
				return el('td', { 'data-testid': 'monitor-operation-' + QUANTILES[i][0] },
					value === null ? '–' : formatMillis(value));
			}));
		});
		return el('section', { class: 'monitor-operations' },
			el('h3', null, 'Operations of ' + service + ' (' + spanKind + ' spans)'),
			rows.length ? el('table', { class: 'operations', 'data-testid': 'monitor-operations' },
				el('thead', null, el('tr', null, ...['Operation', 'Requests', 'Errors', 'P50', 'P95', 'P99']
					.map((label) => el('th', null, label)))),
				el('tbody', null, ...rows))
				: el('p', { class: 'muted', 'data-testid': 'no-results' }, 'No ' + spanKind + ' spans of ' + service
					+ ' in this time range.'));
	}

	async function monitorCharts(base, service, operation, lookback, step, alignedEnd, at) {
		const query = new URLSearchParams(base);
		query.set('step', String(step));
		if (operation) {
			query.set('groupByOperation', 'true');
		}
		const [calls, errors, ...latencies] = await Promise.all([
			getJson(metricsUrl('calls', query)), getJson(metricsUrl('errors', query)),
			...QUANTILES.map(([, quantile]) => getJson(metricsUrl('latencies', query, { quantile })))]);
		const pick = (family) => pointsByOperation(family).get(operation) || [];
		const range = { from: alignedEnd - lookback, to: alignedEnd, step, at };
		// A point opens the traces whose spans started in its bucket
		const traces = (point) => '/?' + new URLSearchParams({ service, ...(operation ? { operation } : {}),
			start: String((point.t - step) * 1000), end: String(point.t * 1000 - 1), limit: '100' });
		const title = operation ? service + ': ' + operation : service + ', all operations';
		return el('section', { class: 'monitor-charts' },
			el('h3', { 'data-testid': 'monitor-title' }, title),
			el('div', { class: 'charts' },
				chart('Latency', 'latency', QUANTILES.map(([name, , color], i) => ({ name, color,
					points: pick(latencies[i]) })), formatMillis, range, traces),
				chart('Request rate', 'rate', [{ name: 'requests', color: '#2563eb', points: pick(calls) }],
					formatRate, range, traces),
				chart('Error rate', 'errors', [{ name: 'errors', color: '#dc2626', points: pick(errors) }],
					(value) => trimNumber(value * 100, 1) + '%', range, traces)));
	}

	const SVG = 'http://www.w3.org/2000/svg';

	function svg(tag, attributes, ...children) {
		const element = document.createElementNS(SVG, tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			element.setAttribute(name, value);
		}
		element.append(...children);
		return element;
	}

	function chart(title, id, series, format, range, traces) {
		const width = 420;
		const height = 180;
		const pad = { left: 56, right: 10, top: 10, bottom: 22 };
		const max = Math.max(0, ...series.flatMap((line) => line.points.map((point) => point.v)));
		const top = max > 0 ? max * 1.1 : 1;
		const x = (t) => pad.left + (t - range.from) / Math.max(1, range.to - range.from) * (width - pad.left - pad.right);
		const y = (v) => height - pad.bottom - v / top * (height - pad.top - pad.bottom);
		const root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, class: 'chart-svg', role: 'img',
			'aria-label': title });
		for (const fraction of [0, 0.5, 1]) {
			const value = top / 1.1 * fraction;
			root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: 'grid' }),
				svg('text', { x: pad.left - 4, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' },
					max > 0 || fraction === 0 ? format(value) : ''));
		}
		[['start', range.from], ['middle', (range.from + range.to) / 2], ['end', range.to]].forEach(([anchor, t]) => {
			root.append(svg('text', { x: x(t), y: height - 6, 'text-anchor': anchor, class: 'axis' }, formatClock(t)));
		});
		if (range.at) {
			root.append(svg('line', { x1: x(range.at), x2: x(range.at), y1: pad.top, y2: height - pad.bottom,
				class: 'marker', 'data-testid': 'chart-marker', 'data-ts': String(range.at) },
			svg('title', null, 'The span, started ' + formatTime(range.at * 1000))));
		}
		for (const line of series) {
			if (line.points.length > 1) {
				root.append(svg('polyline', { fill: 'none', stroke: line.color, 'stroke-width': 1.5,
					points: line.points.map((point) => x(point.t) + ',' + y(point.v)).join(' ') }));
			}
			for (const point of line.points) {
				const link = svg('a', { href: traces(point), 'data-testid': 'chart-point', 'data-chart': id,
					'data-series': line.name, 'data-ts': String(point.t), 'data-value': String(point.v) },
				svg('circle', { cx: x(point.t), cy: y(point.v), r: 3.5, fill: line.color }),
				svg('title', null, line.name + ' ' + format(point.v) + ' in the ' + formatDuration(range.step * 1000)
					+ ' up to ' + formatClock(point.t) + ': click for its traces'));
				root.append(link);
			}
		}
		const legend = series.length > 1 ? el('span', { class: 'chart-legend' }, ...series.map((line) =>
			el('span', { style: 'color:' + line.color }, '● ' + line.name + ' '))) : null;
		return el('figure', { class: 'chart', 'data-testid': 'chart-' + id },
			el('figcaption', null, title, legend), root,
			series.every((line) => !line.points.length) ? el('p', { class: 'muted chart-empty' }, 'No calls') : null);
	}

	// ---- open a trace by id, traceparent or traceresponse ----

	// "00-<trace-id>-<span-id>-<flags>" (W3C traceparent, and traceresponse of Trace Context Level 2), optionally
	// pasted with its header name, or a bare 32-digit trace id; null when it is none of those
	function traceIdFrom(text) {
		const value = text.trim().replace(/^(traceparent|traceresponse)\s*:\s*/i, '').trim().toLowerCase();
		const header = value.match(/^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/);
		const traceId = header ? header[2] : (/^[0-9a-f]{32}$/.test(value) ? value : null);
		return traceId && !/^0+$/.test(traceId) && !(header && header[1] === 'ff') ? traceId : null;
	}

	function setUpTraceJump() {
		const form = document.getElementById('trace-jump');
		const input = document.getElementById('trace-id-input');
		const error = document.getElementById('trace-id-error');
		if (!form || !input) {
			return;
		}
		const open = (traceId) => location.assign('/trace/' + traceId);
		// A pasted header value is unambiguous: open it at once
		input.addEventListener('input', () => {
			error.textContent = '';
			const traceId = /-/.test(input.value) ? traceIdFrom(input.value) : null;
			if (traceId) {
				open(traceId);
			}
		});
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			const traceId = traceIdFrom(input.value);
			if (traceId) {
				open(traceId);
			}
			else {
				error.textContent = 'Not a trace ID, traceparent or traceresponse value';
			}
		});
	}

	// ---- routing ----

	function route() {
		const match = location.pathname.match(/^\/trace\/([^/]+)\/?$/);
		if (match) {
			renderTrace(decodeURIComponent(match[1]));
		}
		else if (/^\/monitor\/?$/.test(location.pathname)) {
			renderMonitor();
		}
		else {
			renderSearch();
		}
	}

	loadStatus();
	setUpTraceJump();
	route();
})();
