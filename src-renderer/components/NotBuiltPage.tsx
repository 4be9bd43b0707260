/** A page whose feature has not landed yet: it says so plainly, and what will be there. */
export function NotBuiltPage({title, planned}: {title: string; planned: string[]}) {
	return (
		<section className="not-built">
			<h1>{title}</h1>
			<p className="notice">Not built yet. This page is a placeholder until its feature lands; nothing here works.</p>
			<p>What it will hold:</p>
			<ul>{planned.map(item => <li key={item}>{item}</li>)}</ul>
		</section>
	);
}
