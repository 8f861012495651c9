import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NoRateLimit } from '../../common/http/no-rate-limit.decorator';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@NoRateLimit()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format (version 0.0.4)',
    schema: {
      type: 'string',
      example:
        '# HELP chat_messages_total Chat messages by door (rest, sse, socketio, ws) and outcome\n' +
        '# TYPE chat_messages_total counter\n' +
        'chat_messages_total{door="rest",outcome="completed"} 12\n',
    },
  })
  scrape(): Promise<string> {
    return this.metrics.metrics();
  }
}
