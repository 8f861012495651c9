import { ToolCallAssembler } from './tool-call-assembler';

describe('ToolCallAssembler', () => {
  it('joins the fragments of each call by index, in the order the model made them', () => {
    const calls = new ToolCallAssembler();
    calls.push([{ index: 1, id: 'b', function: { name: 'get_fx_rates', arguments: '' } }]);
    calls.push([{ index: 0, id: 'a', function: { name: 'get_quote', arguments: '{"tic' } }]);
    calls.push([{ index: 0, function: { arguments: 'ker":"GGAL"}' } }]);
    calls.push([{ index: 1, function: { arguments: '{}' } }]);
    expect(calls.done()).toEqual([
      { id: 'a', name: 'get_quote', arguments: '{"ticker":"GGAL"}' },
      { id: 'b', name: 'get_fx_rates', arguments: '{}' },
    ]);
  });

  it('has no calls when the model asked for none', () => {
    expect(new ToolCallAssembler().done()).toEqual([]);
  });
});
