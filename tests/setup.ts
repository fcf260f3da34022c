// Matchers such as toBeInTheDocument for the React views; harmless in the node environment.
import '@testing-library/jest-dom';
