"""The visit report: one visit's scores, items, body map, photos, trend, provenance, signature.

Order follows how a reader uses it: who and when; the totals with their severity band (and
which band set, since the two published sets disagree); every item, with the ASCORAD
proposal beside the confirmed value and the corrected ones marked, so a reader sees what
the software proposed and what the clinician decided; then the evidence (body map,
photos with the lesion outline), the trend with the forecast, the provenance of every
automatic number, the intended-use statement and the signature line.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop_app.domain.easi import EASI_SIGNS, EasiRegion, easi_weights
from desktop_app.domain.regions import Region, region_weight
from desktop_app.domain.scorad import Extent, ScoreKind, Sign
from desktop_app.reports.bodymap import body_map_drawing
from desktop_app.reports.document import CORRECTED, HEAD_FILL, ReportDocument, Styles, escape, grid_table
from desktop_app.reports.fonts import BOLD, REGULAR
from desktop_app.reports.i18n import Wording
from desktop_app.reports.model import AscoradProposal, FormItems, Provenance, ReportOptions, VisitReportData
from desktop_app.reports.photos import photo_jpeg
from desktop_app.reports.sections import (
    closing_section,
    intended_use_notice,
    key_value_block,
    patient_pairs,
    trend_section,
)

_PHOTO_THREADS = 4


def render_visit_report(data: VisitReportData, options: ReportOptions) -> bytes:
    """The visit report as PDF bytes, built in memory (``output.write_pdf`` saves it safely)."""
    wording = Wording(options.language)
    document = ReportDocument(
        wording,
        options.page_size,
        data.clinic,
        data.patient,
        wording("visit_title"),
        wording("generated", when=wording.datetime(data.generated_utc)),
    )
    styles = document.styles
    width = document.width
    story: list[Flowable] = [
        _header_block(data, wording, styles, width),
        Spacer(1, 3 * mm),
        intended_use_notice(wording, styles),
        *_scores_section(data, wording, styles, width),
        *_items_section(data, wording, styles, width),
        *_easi_section(data, wording, styles, width),
        *_body_map_section(data, wording, styles, width),
        *trend_section(data.history, data.forecast, data.band_set, wording, styles, width),
        *_photos_section(data, wording, styles, width),
        *_provenance_and_signature(data, wording, styles, width),
    ]
    return document.render(story)


def _header_block(data: VisitReportData, wording: Wording, styles: Styles, width: float) -> Table:
    left = patient_pairs(data.patient, data.visit_date, wording, data.age_years_override)
    if data.patient.birth_date is None:
        left[2] = (
            wording("birth_date"),
            f"{wording('unknown')} – {wording('age')}: {wording('age_assumed')}",
        )
    figure = wording("figure_child") if data.age_group.value == "under_2" else wording("figure_adult")
    right = [
        (wording("visit_date"), wording.date(data.visit_date)),
        (wording("visit_id"), data.visit_id),
        (wording("clinician"), data.clinician),
        (wording("figure"), figure),
    ]
    return key_value_block(left, right, styles, width)


def _scores_section(data: VisitReportData, wording: Wording, styles: Styles, width: float) -> list[Flowable]:
    proposal = data.ascorad_oscorad()
    header = [wording("score"), wording("value"), wording("band")]
    if proposal is not None:
        header.append(wording("proposal"))
    rows: list[list[Any]] = [header]
    for line in data.score_lines():
        row: list[Any] = [wording.kind(line.kind), wording.number(line.value), wording.band(line.band)]
        if proposal is not None:
            row.append(wording.number(proposal) if line.kind is ScoreKind.OSCORAD else "")
        rows.append(row)
    if data.clinician_form is not None and data.clinician_result() is None:
        rows.append(
            [wording.kind(ScoreKind.SCORAD), wording("not_assessed"), wording("no_c")]
            + [""] * (len(header) - 3)
        )
    if len(rows) == 1 and proposal is not None:
        rows.append([wording.kind(ScoreKind.OSCORAD), wording("not_assessed"), "", wording.number(proposal)])
    first_w = 62 * mm
    widths = [first_w] + [(width - first_w) / (len(header) - 1)] * (len(header) - 1)
    table = grid_table(rows, widths, extra=[("FONT", (1, 1), (2, -1), BOLD, 9)])
    notes = [wording.band_set(data.band_set), wording("formula")]
    return [
        KeepTogether(
            [
                Paragraph(wording("scores"), styles.heading),
                table,
                Spacer(1, 1.5 * mm),
                *[Paragraph(escape(n), styles.small) for n in notes],
            ]
        )
    ]


def _fmt_fraction(form: FormItems | None, region: Region, wording: Wording) -> str:
    if form is None:
        return wording("not_assessed")
    return wording.percent(form.extent.fraction(region))


def _items_section(data: VisitReportData, wording: Wording, styles: Styles, width: float) -> list[Flowable]:
    """Every item: confirmed value, ASCORAD proposal and whether it was corrected, patient's own."""
    clinician, patient, proposal = data.clinician_form, data.patient_form, data.ascorad
    corrected = data.corrected_items()
    unscored = {r.value for r in proposal.unscored_regions} if proposal is not None else set()
    group = data.age_group
    dash = wording("not_assessed")
    header = [wording("item"), wording("confirmed")]
    if proposal is not None:
        header += [wording("proposal"), wording("status")]
    if patient is not None:
        header.append(wording("patient_col"))
    rows: list[list[Any]] = [header]
    bold_rows: list[int] = []
    corrected_rows: list[int] = []

    def add(label: str, confirmed: str, proposed: str | None, key: str | None, patient_value: str) -> None:
        row: list[Any] = [label, confirmed]
        if proposal is not None:
            if proposed is None:
                row += ["", ""]
            else:
                status = ""
                if clinician is not None and key is not None:
                    if key in unscored:
                        status = wording("completed")
                    elif key in corrected:
                        status = wording("corrected")
                        corrected_rows.append(len(rows))
                    else:
                        status = wording("accepted")
                row += [proposed, status]
        if patient is not None:
            row.append(patient_value)
        rows.append(row)

    for region in Region:
        proposed = None
        if proposal is not None:
            proposed = (
                wording("not_scored")
                if region in proposal.unscored_regions
                else wording.percent(proposal.extent.fraction(region))
            )
        add(
            wording("region_pct", region=wording.region(region)),
            _fmt_fraction(clinician, region, wording),
            proposed,
            region.value,
            _fmt_fraction(patient, region, wording),
        )

    def area(form: FormItems | None) -> str:
        return dash if form is None else wording.number(form.extent.area(group))

    bold_rows.append(len(rows))
    add(
        wording("a_extent"),
        area(clinician),
        None if proposal is None else wording.number(proposal.extent.area(group)),
        None,
        area(patient),
    )
    for sign in Sign:
        add(
            wording.sign(sign),
            dash if clinician is None else str(clinician.intensity.grade(sign)),
            None if proposal is None else _proposed_grade(proposal, sign, wording),
            sign.value,
            dash if patient is None else str(patient.intensity.grade(sign)),
        )
    bold_rows.append(len(rows))
    add(
        wording("b_intensity"),
        dash if clinician is None else str(clinician.intensity.total),
        None if proposal is None else str(proposal.intensity.total),
        None,
        dash if patient is None else str(patient.intensity.total),
    )

    def vas(form: FormItems | None, which: str) -> str:
        if form is None or form.subjective is None:
            return dash
        return wording.number(float(getattr(form.subjective, which)))

    add(wording("pruritus"), vas(clinician, "pruritus"), None, None, vas(patient, "pruritus"))
    add(wording("sleeplessness"), vas(clinician, "sleeplessness"), None, None, vas(patient, "sleeplessness"))

    def c_total(form: FormItems | None) -> str:
        return dash if form is None or form.subjective is None else wording.number(form.subjective.total)

    bold_rows.append(len(rows))
    add(wording("c_subjective"), c_total(clinician), None, None, c_total(patient))

    clinician_result, patient_result = data.clinician_result(), data.patient_result()
    objective = data.clinician_oscorad()
    bold_rows.append(len(rows))
    add(
        wording.kind(ScoreKind.SCORAD),
        dash if clinician_result is None else wording.number(clinician_result.scorad),
        None,
        None,
        dash if patient_result is None else wording.number(patient_result.scorad),
    )
    bold_rows.append(len(rows))
    proposal_objective = data.ascorad_oscorad()
    add(
        wording.kind(ScoreKind.OSCORAD),
        dash if objective is None else wording.number(objective),
        None if proposal_objective is None else wording.number(proposal_objective),
        None,
        dash if patient_result is None else wording.number(patient_result.oscorad),
    )

    first_w = 62 * mm
    other_w = (width - first_w) / (len(header) - 1)
    extra: list[tuple[Any, ...]] = []
    for r in bold_rows:
        extra += [("FONT", (0, r), (-1, r), BOLD, 8), ("BACKGROUND", (0, r), (-1, r), HEAD_FILL)]
    for r in corrected_rows:
        extra += [("TEXTCOLOR", (3, r), (3, r), CORRECTED), ("FONT", (1, r), (1, r), BOLD, 8)]
    centred = ["LEFT"] + ["CENTER"] * (len(header) - 1)
    table = grid_table(rows, [first_w] + [other_w] * (len(header) - 1), extra=extra, align=centred)
    flow: list[Flowable] = [Paragraph(wording("items"), styles.heading), table]
    if proposal is not None and proposal.confidence:
        flow += [Spacer(1, 1.5 * mm), Paragraph(escape(wording("confidence_note")), styles.small)]
    return flow


def _easi_section(data: VisitReportData, wording: Wording, styles: Styles, width: float) -> list[Flowable]:
    """EASI with every item, for clinics that record it (Hanifin et al., Exp Dermatol 2001)."""
    result = data.easi_result()
    if result is None or data.easi is None:
        return []
    weights = easi_weights(data.age_years)
    header = [
        wording("easi_region"),
        *[wording(f"easi_{sign}") for sign in EASI_SIGNS],
        wording("easi_area"),
        wording("easi_multiplier"),
        wording("easi_region_score"),
    ]
    rows: list[list[Any]] = [header]
    for region in EasiRegion:
        items = data.easi[region.value]
        rows.append(
            [
                wording(f"easi_{region.value}"),
                *[wording.number(float(items[sign])) for sign in EASI_SIGNS],
                str(int(items["area"])),
                wording.number(weights[region]),
                wording.number(result.region_scores[region], 2),
            ]
        )
    rows.append([wording("easi_total"), "", "", "", "", "", "", wording.number(result.total, 2)])
    shares = [78.0, 56.0, 72.0, 64.0, 76.0, 56.0, 38.0, 70.0]  # points on A4; scaled to the frame
    table = grid_table(
        rows,
        [w * width / sum(shares) for w in shares],
        extra=[("FONT", (0, -1), (-1, -1), BOLD, 8)],
        align=["LEFT"] + ["RIGHT"] * 7,
    )
    return [
        KeepTogether(
            [
                Paragraph(wording("easi_title"), styles.heading),
                table,
                Spacer(1, 1.5 * mm),
                Paragraph(escape(wording("easi_formula")), styles.small),
            ]
        )
    ]


def _proposed_grade(proposal: AscoradProposal, sign: Sign, wording: Wording) -> str:
    """The proposed grade, with the estimator's confidence when it gave one: "2 (62 %)"."""
    grade = str(proposal.intensity.grade(sign))
    confidence = proposal.confidence.get(sign)
    return grade if confidence is None else f"{grade} ({wording.number(confidence * 100, 0)} %)"


def _map_source(data: VisitReportData, wording: Wording) -> tuple[Extent, str]:
    if data.clinician_form is not None:
        return data.clinician_form.extent, wording("source_clinician")
    if data.patient_form is not None:
        return data.patient_form.extent, wording("source_patient")
    assert data.ascorad is not None  # VisitReportData refuses a visit without any assessment
    return data.ascorad.extent, wording("source_proposal")


def _body_map_section(
    data: VisitReportData, wording: Wording, styles: Styles, width: float
) -> list[Flowable]:
    extent, source = _map_source(data, wording)
    group = data.age_group
    map_w = 88 * mm
    drawing = body_map_drawing(extent.fractions, group, wording, width=map_w)
    rows: list[list[Any]] = [
        [wording("region"), wording("affected"), wording("weight"), wording("contribution")]
    ]
    for region in Region:
        fraction = extent.fraction(region)
        weight = region_weight(region, group)
        rows.append(
            [
                Paragraph(escape(wording.region(region)), styles.cell),
                wording.percent(fraction),
                wording.number(weight),
                wording.number(weight * fraction),
            ]
        )
    rows.append([wording("total_a"), "", "", wording.number(extent.area(group))])
    table_w = width - map_w - 6 * mm
    table = grid_table(
        rows,
        [table_w * 0.36, table_w * 0.22, table_w * 0.16, table_w * 0.26],
        extra=[("FONT", (0, -1), (-1, -1), BOLD, 8)],
        align=["LEFT", "RIGHT", "RIGHT", "RIGHT"],
    )
    layout = Table([[drawing, table]], colWidths=[map_w + 6 * mm, table_w])
    layout.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),  # tables default to Helvetica, which is not embedded
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [KeepTogether([Paragraph(wording("body_map", source=source), styles.heading), layout])]


def _photo_caption(index: int, data: VisitReportData, wording: Wording) -> str:
    photo = data.photos[index]
    parts = [f"{index + 1}. " + (wording.region(photo.region) if photo.region else wording("no_region"))]
    if photo.lesion_percent is not None:
        parts.append(wording("lesion", pct=wording.number(photo.lesion_percent)))
    if photo.caption:
        parts.append(photo.caption)
    parts.append(f"SHA-256 {photo.sha256[:12]}…")
    return " · ".join(escape(p) for p in parts)


def _photos_section(data: VisitReportData, wording: Wording, styles: Styles, width: float) -> list[Flowable]:
    if not data.photos:
        return []
    columns = 3
    gap = 3 * mm
    cell_w = (width - gap * (columns - 1)) / columns
    max_h = cell_w * 0.62
    cells: list[list[Flowable]] = []
    # Resizing and JPEG encoding release the GIL: prepare the photos on a few threads.
    # Results come back in order, so the PDF stays byte-identical.
    with ThreadPoolExecutor(max_workers=min(_PHOTO_THREADS, len(data.photos))) as pool:
        prepared = list(pool.map(lambda photo: photo_jpeg(photo.rgb, photo.lesion_mask), data.photos))
    for i, (jpeg, w, h) in enumerate(prepared):
        scale = min(cell_w / w, max_h / h)
        image = Image(io.BytesIO(jpeg), width=w * scale, height=h * scale)
        cells.append([image, Spacer(1, 1 * mm), Paragraph(_photo_caption(i, data, wording), styles.tiny)])
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows[-1] += [[]] * (columns - len(rows[-1]))
    grid = Table(rows, colWidths=[cell_w + gap] * (columns - 1) + [cell_w])
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    flow: list[Flowable] = [Paragraph(wording("photos"), styles.heading), grid]
    if any(p.lesion_mask is not None for p in data.photos):
        flow.append(Paragraph(wording("lesion_outline"), styles.small))
    return [KeepTogether(flow[:2]), *flow[2:]]


def _provenance_and_signature(
    data: VisitReportData, wording: Wording, styles: Styles, width: float
) -> list[Flowable]:
    """The signature block is kept with the last provenance table: never alone on a page."""
    flow = _provenance_section(data, wording, styles, width)
    return [*flow[:-1], KeepTogether([flow[-1], *closing_section(wording, styles, width, data.clinician)])]


def _provenance_section(
    data: VisitReportData, wording: Wording, styles: Styles, width: float
) -> list[Flowable]:
    """Versions, weight hashes and input image hashes of every automatic number (DESIGN §4)."""
    flow: list[Flowable] = [Paragraph(wording("provenance"), styles.heading)]
    entries = data.ascorad.provenance if data.ascorad is not None else ()
    if data.forecast is not None and data.forecast.model_version:
        fitted = data.forecast.parameters_fitted_on
        params = wording("params_fitted", n=fitted) if fitted else wording("params_default")
        entries = (
            *entries,
            Provenance(wording("forecast_component"), f"{data.forecast.model_version}; {params}"),
        )
    if not entries and not data.photos:
        return [*flow, Paragraph(wording("no_automatic"), styles.small)]
    if entries:
        rows: list[list[Any]] = [
            [wording("component"), wording("version"), wording("weights"), wording("time")]
        ]
        for entry in entries:
            rows.append(
                [
                    Paragraph(escape(entry.component), styles.cell),
                    Paragraph(escape(entry.version), styles.cell),
                    Paragraph(escape(entry.weights_sha256 or wording("not_assessed")), styles.tiny),
                    wording.datetime(entry.created_utc) if entry.created_utc else wording("not_assessed"),
                ]
            )
        flow.append(grid_table(rows, [width * 0.22, width * 0.2, width * 0.4, width * 0.18]))
    else:
        flow.append(Paragraph(wording("no_automatic"), styles.small))
    if data.photos:
        rows = [["#", wording("region"), wording("image_hashes")]]
        for i, photo in enumerate(data.photos):
            region = wording.region(photo.region) if photo.region else wording("no_region")
            rows.append(
                [
                    str(i + 1),
                    Paragraph(escape(region), styles.cell),
                    Paragraph(escape(photo.sha256), styles.tiny),
                ]
            )
        flow += [Spacer(1, 2 * mm), grid_table(rows, [8 * mm, width * 0.3, width * 0.7 - 8 * mm])]
    return flow
