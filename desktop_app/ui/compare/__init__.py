"""Two visits' photos of the same body region side by side, zoomed and panned together,
each with its visit's scores (clinician SCORAD, ASCORAD) and the photo's lesion %.

``data`` picks the photos and scores from the patient's history (storage service only);
``view`` draws them.
"""
