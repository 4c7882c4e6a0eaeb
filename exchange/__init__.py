"""Job swap across municipal borders: openings, swap requests, matching,
agreements and the swap journey. The models arrive with the exchange issue;
the app is registered now so the public schema layout is fixed from the start."""
