"""Job swap across municipal borders (public schema): openings and
applications, swaps and their agreements, swap requests and search. The
parts that build on it are apps of their own beside it: matching, approvals,
alerts, journey, pools and network_pools."""
