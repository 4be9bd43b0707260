import {useEffect, useMemo, useRef, type PointerEvent} from 'react';
import {qColours, qStep} from '../../lib/qColor';
import {layoutBounds} from '../../lib/treeLayout';
import {visibleIds, type TreeSource, type TreeView} from '../../lib/treeView';

/** The part of the tree in view, in model units. */
export interface Extent {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

export interface TreeMinimapProps {
	source: TreeSource;
	view: TreeView;
	positions: {x: Float64Array; y: Float64Array};
	extent: Extent;
	/** Centre the view on this model point. */
	onCentre(x: number, y: number): void;
}

/** Pixels of the overview's longer side. */
const side = 180;

/**
 * An overview of a large tree in the view's corner: every visible node as a dot coloured by Q, from the layout's
 * positions, and a frame around what the view shows; a click or a drag there moves the view. The dots are drawn once
 * per tree state on an offscreen canvas, so moving the view only redraws the frame.
 */
export function TreeMinimap({source, view, positions, extent, onCentre}: TreeMinimapProps) {
	const canvas = useRef<HTMLCanvasElement>(null);
	const map = useMemo(() => {
		const {minX, maxX, minY, maxY} = layoutBounds(positions, visibleIds(view));
		const scale = side / Math.max(1, maxX - minX, maxY - minY);
		const width = Math.max(40, Math.ceil((maxX - minX) * scale) + 6);
		const height = Math.max(40, Math.ceil((maxY - minY) * scale) + 6);
		// A flat or narrow tree sits in the middle of the least size, as it does in the view.
		const left = (width - (maxX - minX) * scale) / 2;
		const top = (height - (maxY - minY) * scale) / 2;
		// A document canvas, not an OffscreenCanvas: copying one of those onto the page costs tens of milliseconds
		// in software rendering, at every move of the view. One path per Q colour, not one fill per dot.
		const dots = document.createElement('canvas');
		dots.width = width;
		dots.height = height;
		const context = dots.getContext('2d')!;
		const byColour = qColours.map(() => new Path2D());
		for (let id = 0; id < view.visible.length; id++)
			if (view.visible[id] === 1)
				byColour[qStep(source.state(id).q)]!.rect(left + (positions.x[id]! - minX) * scale - 1, top + (positions.y[id]! - minY) * scale - 1, 2, 2);
		byColour.forEach((path, step) => {
			context.fillStyle = qColours[step]!;
			context.fill(path);
		});
		return {dots, width, height, scale, minX, minY, left, top};
	}, [source, view, positions]);

	useEffect(() => {
		const context = canvas.current?.getContext('2d');
		if (!context)
			return;
		context.clearRect(0, 0, map.width, map.height);
		context.drawImage(map.dots, 0, 0);
		context.strokeStyle = '#3559d6';
		context.lineWidth = 1.5;
		const x = map.left + (extent.x1 - map.minX) * map.scale;
		const y = map.top + (extent.y1 - map.minY) * map.scale;
		context.strokeRect(x, y, Math.max(3, (extent.x2 - extent.x1) * map.scale), Math.max(3, (extent.y2 - extent.y1) * map.scale));
	}, [map, extent]);

	const centre = (event: PointerEvent<HTMLCanvasElement>) => {
		const box = event.currentTarget.getBoundingClientRect();
		onCentre(map.minX + (event.clientX - box.left - map.left) / map.scale, map.minY + (event.clientY - box.top - map.top) / map.scale);
	};
	return (
		<canvas className="tree-minimap" ref={canvas} width={map.width} height={map.height} data-testid="tree-minimap" aria-label="Overview of the tree"
			onPointerDown={event => {
				event.currentTarget.setPointerCapture(event.pointerId);
				centre(event);
			}}
			onPointerMove={event => event.buttons === 1 && centre(event)}/>
	);
}
