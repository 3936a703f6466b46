// Integration and end-to-end tests wait on real brokers and processes; their own waits carry deadlines.
jest.setTimeout(120_000);
